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
})();
