"""The session plan computed from the course: start times, totals and the clock a run sheet shows."""

from __future__ import annotations

from dataclasses import dataclass

from .training_model import Activity, Course, Module, Quiz


@dataclass(frozen=True)
class Slot:
    """One line of the session plan: when it starts, how long, and what it is."""

    start: int
    minutes: int
    module: Module | None
    activity: Activity | None
    title: str

    @property
    def end(self) -> int:
        return self.start + self.minutes


@dataclass
class Training:
    """The checked course and quiz, plus the schedule computed from them."""

    course: Course
    quiz: Quiz | None

    def module(self, module_id: str) -> Module:
        return next(m for m in self.course.modules if m.id == module_id)

    def schedule(self) -> list[Slot]:
        """Every activity and break in order, with start times computed, never typed."""
        breaks = {b.after: b for b in self.course.breaks}
        slots: list[Slot] = []
        clock = 0
        for module in self.course.modules:
            for activity in module.activities:
                slots.append(Slot(clock, activity.minutes, module, activity, activity.title))
                clock += activity.minutes
            pause = breaks.get(module.id)
            if pause is not None:
                slots.append(Slot(clock, pause.minutes, None, None, pause.title))
                clock += pause.minutes
        return slots

    @property
    def total_minutes(self) -> int:
        return sum(m.minutes for m in self.course.modules) + sum(b.minutes for b in self.course.breaks)

    def module_start(self, module_id: str) -> int:
        return next(s.start for s in self.schedule() if s.module and s.module.id == module_id)

    def scenario_slugs(self) -> list[str]:
        """Every scenario the course uses, in the order it first appears."""
        seen: dict[str, None] = {}
        for module in self.course.modules:
            for activity in module.activities:
                for slug in activity.scenarios_used:
                    seen.setdefault(slug, None)
        return list(seen)


def clock(minutes: int) -> str:
    """Minutes from the start written as h:mm, as trainers read a run sheet."""
    return f"{minutes // 60}:{minutes % 60:02d}"
