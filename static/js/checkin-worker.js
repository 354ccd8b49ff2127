// Service worker of the check-in pages (scope /ateliers/emargement/, the folder it is served
// from): keeps each check-in page and its files on the phone, so that a page opened once online
// opens again, and reloads, without network. Network first: online, the phone always gets the
// page as it is now; offline, the copy kept. The roster and the marks are the page's business
// (IndexedDB, checkin-offline.js); nothing else of the site passes through here.
"use strict";

var CACHE = "emargement-v1";

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("emargement-") === 0 && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function keeps(request, url) {
  // The check-in page itself and the site's static files; never a download, never JSON.
  return (request.mode === "navigate" && /^\/ateliers\/emargement\/\d+\/$/.test(url.pathname)) ||
    url.pathname.indexOf("/static/") === 0;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || !keeps(request, url)) {
    return;
  }
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.ok && response.type === "basic") {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { return cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(request, { ignoreSearch: request.mode === "navigate", ignoreVary: true }).then(function (kept) {
        return kept || Response.error();
      });
    })
  );
});
