// Service worker: precaches both entries (the desk's index.html and the reception tablet's
// reception.html, each with its own bundle) so either loads and works with no network.
// The post-build hook (.ci/sw-precache.sh) fills in BUILD and PRECACHE with the hashed
// bundle names; a new build gets a new cache and the old ones are deleted on activate.
const BUILD = "__BUILD__";
const PRECACHE = ["./", "./index.html" /*PRECACHE*/];
const CACHE = "complaint-desk-" + BUILD;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith("complaint-desk-") && k !== CACHE).map((k) => caches.delete(k)))
      )
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET" || new URL(req.url).origin !== self.location.origin) return;
  if (req.mode === "navigate") {
    // Offline, a page is its cached copy: the desk (index.html, routes live in the hash) or
    // the reception tablet's entry (reception.html); any other address is the desk.
    event.respondWith(
      fetch(req).catch(() =>
        caches
          .match(req, { cacheName: CACHE, ignoreSearch: true })
          .then((hit) => hit || caches.match("./index.html", { cacheName: CACHE }))
      )
    );
    return;
  }
  event.respondWith(
    caches.match(req, { cacheName: CACHE, ignoreSearch: true }).then((hit) => hit || fetch(req))
  );
});
