// Check-in page for a whole day without network. Opened once online, the page keeps on the phone
// (IndexedDB) the roster it needs: codes, QR tokens, names, parties, phones. Scans, typed codes
// and the look-up by name or phone then work offline; each mark gets an id made here and waits in
// a queue on the phone until the network returns (the "online" event, and a retry every 30 s).
// The server takes a mark sent twice, or by two phones, as one attendance. Marks are for today
// only (Porto-Novo's date), and only on one of the workshop's days: the server refuses any other
// day too. Without JavaScript, the form posts to the server as before.
(function () {
  "use strict";
  var root = document.getElementById("checkin-offline");
  var form = document.getElementById("checkin-form");
  if (!root || !form || !window.indexedDB || !window.fetch) {
    return;
  }
  var T = JSON.parse(document.getElementById("checkin-strings").textContent);
  var workshop = Number(root.dataset.workshop);
  var rosterUrl = root.dataset.roster;
  var marksUrl = root.dataset.marks;
  var input = form.querySelector("input[name=code]");
  var daySelect = form.querySelector("select[name=day]");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var result = document.getElementById("resultat");
  var pendingLine = document.getElementById("checkin-pending");
  var stateLine = document.getElementById("checkin-state");
  var search = document.getElementById("checkin-search");
  var found = document.getElementById("checkin-found");
  var roster = null;
  var sending = false;
  var dbPromise = null;

  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_all, key) { return values[key]; });
  }

  function today() {
    // Porto-Novo's calendar day, whatever the phone's own time zone.
    var parts = {};
    new Intl.DateTimeFormat("en-US", {
      timeZone: "Africa/Porto-Novo", year: "numeric", month: "2-digit", day: "2-digit"
    }).formatToParts(new Date()).forEach(function (part) { parts[part.type] = part.value; });
    return parts.year + "-" + parts.month + "-" + parts.day;
  }

  function newId() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    var bytes = window.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  // --- IndexedDB: "rosters" (one per workshop) and "marks" (the queue) ------------------------
  function db() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var request = window.indexedDB.open("emargement", 1);
        request.onupgradeneeded = function () {
          request.result.createObjectStore("rosters", { keyPath: "workshop" });
          request.result.createObjectStore("marks", { keyPath: "id" }).createIndex("workshop", "workshop");
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
      });
    }
    return dbPromise;
  }

  function store(name, mode, work) {
    return db().then(function (database) {
      return new Promise(function (resolve, reject) {
        var transaction = database.transaction(name, mode);
        var answer = work(transaction.objectStore(name));
        transaction.oncomplete = function () { resolve(answer && answer.result); };
        transaction.onerror = function () { reject(transaction.error); };
      });
    });
  }

  function queued() {
    return store("marks", "readonly", function (marks) { return marks.index("workshop").getAll(workshop); });
  }

  // --- Messages ------------------------------------------------------------------------------
  function show(kind, strong, text) {
    var box = document.createElement("div");
    box.className = "alert alert-" + kind;
    box.setAttribute("role", kind === "danger" || kind === "warning" ? "alert" : "status");
    if (strong) {
      var name = document.createElement("strong");
      name.textContent = strong;
      box.appendChild(name);
      box.appendChild(document.createTextNode(" — "));
    }
    box.appendChild(document.createTextNode(text));
    result.replaceChildren(box);
  }

  function label(person) {
    return person.name + (person.party ? " · " + person.party : "");
  }

  function refreshPending() {
    return queued().then(function (marks) {
      pendingLine.textContent = marks.length ? format(T.pending, { count: marks.length }) : T.nothing_pending;
      pendingLine.dataset.count = String(marks.length);
    });
  }

  function refreshState() {
    stateLine.textContent = navigator.onLine ? T.online : T.offline;
    if (roster) {
      stateLine.textContent += " " + format(T.loaded_at, { time: roster.loaded_at.slice(11, 16) });
    }
  }

  // --- The roster ------------------------------------------------------------------------------
  function loadRoster() {
    return fetch(rosterUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (fresh) {
        roster = fresh;
        return store("rosters", "readwrite", function (rosters) { return rosters.put(fresh); });
      })
      .catch(function () {
        return store("rosters", "readonly", function (rosters) { return rosters.get(workshop); })
          .then(function (kept) { roster = kept || null; });
      })
      .then(refreshState);
  }

  function isPresent(person, day) {
    return (roster.present[day] || []).indexOf(person.code) !== -1;
  }

  function findByCode(value) {
    if (value.length <= 10) {
      var code = value.toUpperCase().replace(/[-\s]/g, "");
      return roster.people.filter(function (p) { return p.code === code; })[0];
    }
    return roster.people.filter(function (p) { return p.token === value; })[0];
  }

  function plain(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function lookUp(query) {
    var words = plain(query).split(/\s+/).filter(Boolean);
    var digits = query.replace(/\D/g, "");
    if (!roster || (!words.length && digits.length < 4)) {
      return [];
    }
    return roster.people.filter(function (p) {
      if (digits.length >= 4 && digits.length === query.replace(/[\s+.-]/g, "").length) {
        return p.phone.replace(/\D/g, "").indexOf(digits) !== -1;
      }
      var name = plain(p.name + " " + p.party);
      return words.every(function (word) { return name.indexOf(word) !== -1; });
    }).slice(0, 8);
  }

  // --- A mark ------------------------------------------------------------------------------------
  function mark(person, code) {
    var day = daySelect ? daySelect.value : today();
    if (day !== today()) {
      show("danger", T.refused, T.not_today);
      return;
    }
    if (roster.days.indexOf(day) === -1) {
      show("danger", T.refused, T.not_a_workshop_day);
      return;
    }
    if (!person) {
      show("danger", T.refused, T.unknown_code);
      return;
    }
    if (isPresent(person, day)) {
      show("info", label(person), T.already);
      return;
    }
    roster.present[day] = (roster.present[day] || []).concat([person.code]);
    var entry = { id: newId(), workshop: workshop, code: code || person.code, day: day, name: person.name };
    store("rosters", "readwrite", function (rosters) { return rosters.put(roster); })
      .then(function () { return store("marks", "readwrite", function (marks) { return marks.put(entry); }); })
      .then(function () {
        show("success", label(person), T.recorded);
        return refreshPending();
      })
      .then(send);
  }

  form.addEventListener("submit", function (event) {
    if (!roster) {
      return; // no roster on this phone yet: the form posts to the server, as without JavaScript
    }
    event.preventDefault();
    var value = input.value.trim();
    if (!value) {
      input.focus();
      return;
    }
    mark(findByCode(value), value);
    input.value = "";
    input.focus();
  });

  search.addEventListener("input", function () {
    found.replaceChildren();
    lookUp(search.value).forEach(function (person) {
      var item = document.createElement("li");
      item.className = "list-group-item d-flex justify-content-between align-items-center gap-2";
      item.appendChild(document.createTextNode(label(person)));
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-primary";
      button.textContent = T.mark;
      button.setAttribute("aria-label", T.mark + " : " + person.name);
      button.addEventListener("click", function () {
        mark(person, person.code);
        search.value = "";
        found.replaceChildren();
      });
      item.appendChild(button);
      found.appendChild(item);
    });
  });

  // --- Sending the queue -------------------------------------------------------------------------
  function send() {
    if (sending || !navigator.onLine) {
      return Promise.resolve();
    }
    sending = true;
    return queued().then(function (marks) {
      if (!marks.length) {
        return null;
      }
      return fetch(marksUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify({ marks: marks.map(function (m) { return { id: m.id, code: m.code, day: m.day }; }) })
      }).then(function (response) {
        if (response.status !== 200 && response.status !== 429) {
          throw new Error(String(response.status));
        }
        return response.json();
      }).then(function (answer) {
        var refused = answer.results.filter(function (r) { return r.status === "refused"; });
        if (refused.length) {
          show("danger", T.refused, refused.map(function (r) { return r.message; }).join(" "));
        }
        return store("marks", "readwrite", function (store) {
          answer.results.forEach(function (r) { store.delete(r.id); });
        });
      });
    }).catch(function () {
      // Network gone again, or the server unwell: the marks stay on the phone for the next try.
    }).then(function () {
      sending = false;
      return refreshPending();
    });
  }

  window.addEventListener("online", function () { refreshState(); send(); });
  window.addEventListener("offline", refreshState);
  window.setInterval(send, 30000);

  // --- The page itself, kept by the service worker ------------------------------------------------
  if ("serviceWorker" in navigator && window.caches) {
    // No scope given: the folder of the worker's address, /ateliers/emargement/, is its scope.
    navigator.serviceWorker.register(root.dataset.worker).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function () {
      // The first visit was not yet under the worker: keep this page and its files now.
      var files = [window.location.pathname];
      document.querySelectorAll("link[rel=stylesheet][href], script[src]").forEach(function (el) {
        files.push(el.getAttribute("href") || el.getAttribute("src"));
      });
      return caches.open("emargement-v1").then(function (cache) { return cache.addAll(files); });
    }).then(function () {
      root.dataset.kept = "yes";
    }).catch(function () {});
  }

  root.hidden = false;
  loadRoster().then(refreshPending).then(send);
})();
