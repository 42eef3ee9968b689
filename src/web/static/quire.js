// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';
  // The left and right arrow keys turn chapters, as in an e-reader.
  document.addEventListener('keydown', function (event) {
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLSelectElement) return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var rel = event.key === 'ArrowLeft' ? 'prev' : event.key === 'ArrowRight' ? 'next' : null;
    if (!rel) return;
    var link = document.querySelector('.chapter-nav a[rel="' + rel + '"]');
    if (link) window.location.href = link.getAttribute('href');
  });

  // Tag autocomplete. Each input[data-autocomplete] names what it holds: the posting
  // form's field names (fandoms, relationships, …) or, on wrangling forms, a tag kind.
  // As the writer types, the last comma-separated tag is looked up in the JSON API and
  // the suggestions go into a <datalist>; each option is the whole field with its last
  // tag completed, so choosing one keeps the tags before it. Any failure leaves a
  // plain text field, which is all the form needs.
  var FIELD_KINDS = { fandoms: 'fandom', relationships: 'relationship', characters: 'character', freeforms: 'freeform' };
  var DELAY_MS = 150;
  var CACHE_SIZE = 50;
  var cache = {};
  var cacheKeys = [];
  var lists = 0;

  function kindOf(input) {
    var value = input.getAttribute('data-autocomplete') || '';
    return Object.prototype.hasOwnProperty.call(FIELD_KINDS, value) ? FIELD_KINDS[value] : value;
  }

  /** The field's text up to its last comma (with one space after it), and the tag being typed after it. */
  function splitLast(value) {
    var comma = value.lastIndexOf(',');
    if (comma < 0) return { head: '', last: value.trim() };
    return { head: value.slice(0, comma + 1) + ' ', last: value.slice(comma + 1).trim() };
  }

  /** The fandoms typed on the same form, to put their characters and relationships first. */
  function fandomsFor(input) {
    var scope = input.form || document;
    var fandoms = scope.querySelector('input[data-autocomplete="fandoms"]');
    return fandoms && fandoms !== input ? fandoms.value.trim() : '';
  }

  function remember(url, tags) {
    if (!Object.prototype.hasOwnProperty.call(cache, url)) {
      cacheKeys.push(url);
      if (cacheKeys.length > CACHE_SIZE) delete cache[cacheKeys.shift()];
    }
    cache[url] = tags;
  }

  function lookUp(url, signal) {
    if (Object.prototype.hasOwnProperty.call(cache, url)) return Promise.resolve(cache[url]);
    var options = { credentials: 'same-origin', headers: { Accept: 'application/json' } };
    if (signal) options.signal = signal;
    return fetch(url, options)
      .then(function (response) {
        if (!response.ok) throw new Error('autocomplete: HTTP ' + response.status);
        return response.json();
      })
      .then(function (body) {
        var tags = body && Array.isArray(body.tags) ? body.tags : [];
        remember(url, tags);
        return tags;
      });
  }

  function enhance(input) {
    var kind = kindOf(input);
    var list = document.createElement('datalist');
    list.id = 'quire-tag-suggestions-' + ++lists;
    input.insertAdjacentElement('afterend', list);
    input.setAttribute('list', list.id);

    var timer = null;
    var latest = 0;
    var inFlight = null;

    function fill(head, tags) {
      while (list.firstChild) list.removeChild(list.firstChild);
      for (var i = 0; i < tags.length; i++) {
        if (!tags[i] || typeof tags[i].name !== 'string') continue;
        var option = document.createElement('option');
        option.value = head + tags[i].name; // a property, never markup: tag names are user text
        list.appendChild(option);
      }
    }

    function isSuggestion(value) {
      for (var i = 0; i < list.options.length; i++) if (list.options[i].value === value) return true;
      return false;
    }

    function suggest() {
      var value = input.value;
      var parts = splitLast(value);
      var request = ++latest;
      if (inFlight) inFlight.abort();
      inFlight = null;
      if (parts.last === '') {
        fill('', []);
        return;
      }
      var url = '/api/v1/tags?prefix=' + encodeURIComponent(parts.last);
      if (kind) url += '&kind=' + encodeURIComponent(kind);
      var fandoms = fandomsFor(input);
      if (fandoms) url += '&fandom=' + encodeURIComponent(fandoms);
      var controller = typeof AbortController === 'function' ? new AbortController() : null;
      inFlight = controller;
      lookUp(url, controller ? controller.signal : undefined)
        .then(function (tags) {
          // Only the answer to the newest keystroke counts, and only while the field still says the same.
          if (request === latest && input.value === value) fill(parts.head, tags);
        })
        .catch(function () {
          if (request === latest) fill('', []);
        });
    }

    input.addEventListener('input', function () {
      if (timer) clearTimeout(timer);
      timer = null;
      // Choosing a suggestion fires input too; the field is then complete, so look nothing up.
      if (isSuggestion(input.value)) return;
      timer = setTimeout(suggest, DELAY_MS);
    });
  }

  if (typeof window.fetch !== 'function') return;
  var inputs = document.querySelectorAll('input[data-autocomplete]');
  for (var i = 0; i < inputs.length; i++) {
    try {
      enhance(inputs[i]);
    } catch (e) {
      // One odd field must not stop the others from working.
    }
  }
})();
