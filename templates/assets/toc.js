// Table of contents of an article (article.mustache, nav.toc): marks the
// section being read with aria-current="true" while scrolling, and keeps the
// <details> open beside the text on wide screens, folded on phones.
(function () {
  "use strict";
  var details = document.getElementById("toc-d");
  if (!details) return;
  var links = Array.prototype.slice.call(details.querySelectorAll('a[href^="#"]'));
  var heads = [];
  links.forEach(function (a) {
    var h = document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
    if (h) heads.push({ h: h, a: a });
  });
  var wide = matchMedia("(min-width: 1100px)");
  function layout() { details.open = wide.matches; }
  if (wide.addEventListener) wide.addEventListener("change", layout);
  if (!heads.length || !window.IntersectionObserver) return;
  var current = null;
  // The current section: the last heading above the top third of the window.
  function update() {
    var line = window.innerHeight / 3, pick = null;
    for (var i = 0; i < heads.length; i++) {
      if (heads[i].h.getBoundingClientRect().top <= line) pick = heads[i]; else break;
    }
    if (pick === current) return;
    if (current) current.a.removeAttribute("aria-current");
    current = pick;
    if (current) {
      current.a.setAttribute("aria-current", "true");
      var box = details.parentNode, top = current.a.offsetTop;   // the sticky nav is its offsetParent: keep it in view in a long ToC
      if (box.scrollHeight > box.clientHeight && (top < box.scrollTop || top > box.scrollTop + box.clientHeight - 40)) box.scrollTop = top - box.clientHeight / 3;
    }
  }
  var io = new IntersectionObserver(update, { rootMargin: "0px 0px -66% 0px" });
  heads.forEach(function (x) { io.observe(x.h); });
  // Headings far apart: the observer is silent in between, so also on scroll end.
  addEventListener("scroll", function () { clearTimeout(update.t); update.t = setTimeout(update, 120); }, { passive: true });
  update();
})();
