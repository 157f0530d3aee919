/* report.js: the page's self-check, embedded by page.py. Records page errors and whether every
 * chart loaded and is visible, as JSON, into the hidden element with id ws-selfcheck for the
 * browser test (tests/report_test.py browser); the page works the same without it. Keep HTML
 * tags out of this file: it is inlined in a script element. */
(function () {
  var errors = [];
  window.addEventListener('error', function (e) {
    var t = e.target;
    if (t && t !== window && t.tagName) {
      errors.push('resource failed: ' + t.tagName + ' ' + (t.id || t.src || ''));
    } else {
      errors.push('error: ' + (e.message || e.type) + (e.filename ? ' at ' + e.filename + ':' +
                  e.lineno : ''));
    }
  }, true);
  window.addEventListener('unhandledrejection', function (e) {
    errors.push('unhandled rejection: ' + e.reason);
  });
  function check() {
    var out = { errors: errors, charts: [] };
    var imgs = document.querySelectorAll('img.chart');
    for (var i = 0; i < imgs.length; i++) {
      var im = imgs[i], r = im.getBoundingClientRect(), cs = window.getComputedStyle(im);
      out.charts.push({ id: im.id, complete: im.complete, naturalWidth: im.naturalWidth,
        naturalHeight: im.naturalHeight, width: r.width, height: r.height,
        visible: cs.display !== 'none' && cs.visibility !== 'hidden' &&
                 parseFloat(cs.opacity) > 0 && r.width > 0 && r.height > 0 });
    }
    document.getElementById('ws-selfcheck').textContent = JSON.stringify(out);
    document.body.setAttribute('data-selfcheck', 'done');
  }
  if (document.readyState === 'complete') { check(); }
  else { window.addEventListener('load', check); }
})();
