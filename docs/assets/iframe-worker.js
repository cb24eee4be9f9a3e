// Search for the offline copy. Browsers refuse to start a Web Worker from a
// file:// page, and Material runs its search in a worker. This stands in for
// Worker with a hidden iframe that shares the page's origin, the approach of
// Material's own iframe-worker polyfill, written here so the site loads nothing
// from a third party. Only the offline build includes it (mkdocs-offline.yml);
// anywhere but file:// it does nothing.
(function () {
  "use strict";
  if (location.protocol !== "file:" || typeof EventTarget !== "function") return;

  class IFrameWorker extends EventTarget {
    constructor(url) {
      super();
      this.onmessage = null;
      this.onerror = null;
      this.queue = [];
      this.ready = false;
      const frame = document.createElement("iframe");
      frame.hidden = true;
      frame.tabIndex = -1;
      frame.title = "Search engine";
      frame.setAttribute("aria-hidden", "true");
      document.body.appendChild(frame);
      this.frame = frame;
      const scope = frame.contentWindow;
      // Inside the frame, the worker's postMessage reaches listeners on this object.
      scope.postMessage = (data) => this.emit(data);
      scope.importScripts = (...urls) => urls.reduce(
        (done, src) => done.then(() => this.load(src)), Promise.resolve());
      this.load(url).then(() => {
        this.ready = true;
        this.queue.splice(0).forEach((data) => this.deliver(data));
      }, () => this.fail(url));
    }

    load(src) {
      return new Promise((resolve, reject) => {
        const doc = this.frame.contentWindow.document;
        const script = doc.createElement("script");
        script.src = src;
        script.onload = resolve;
        script.onerror = reject;
        (doc.head || doc.documentElement).appendChild(script);
      });
    }

    emit(data) {
      const event = new MessageEvent("message", { data });
      if (typeof this.onmessage === "function") this.onmessage(event);
      this.dispatchEvent(event);
    }

    fail(url) {
      const event = new ErrorEvent("error", { message: "could not load " + url });
      if (typeof this.onerror === "function") this.onerror(event);
      this.dispatchEvent(event);
    }

    deliver(data) {
      const scope = this.frame.contentWindow;
      scope.dispatchEvent(new scope.MessageEvent("message", { data }));
    }

    postMessage(data) {
      // Workers receive messages asynchronously; keep that order and timing.
      if (this.ready) setTimeout(() => this.deliver(data), 0);
      else this.queue.push(data);
    }

    terminate() {
      this.frame.remove();
    }
  }

  window.IFrameWorker = IFrameWorker;
  window.Worker = IFrameWorker;
})();
