// Loaded for every account that is not a facility: whatever a facility's app left in this
// browser (its kept pages, its outbox, its service worker) goes, so an officer or the next
// person on a shared phone never sees it, even when the facility did not log out.
(function () {
  "use strict";
  var done = function () { document.documentElement.setAttribute("data-forgotten", "1"); };
  // The worker first, so it cannot keep anything again while the caches go.
  var workers = navigator.serviceWorker ? navigator.serviceWorker.getRegistrations().then(function (regs) {
    return Promise.all(regs.map(function (r) { return r.unregister(); }));
  }) : Promise.resolve();
  workers.then(function () {
    return window.caches ? caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (k) { return k.indexOf("safemap-") === 0; }).map(function (k) { return caches["delete"](k); }));
    }) : null;
  }).then(function () {
    return window.indexedDB ? new Promise(function (resolve) {
      var req = indexedDB.deleteDatabase("safemap");
      req.onsuccess = req.onerror = req.onblocked = function () { resolve(); };
    }) : null;
  }).then(done, done);
})();
