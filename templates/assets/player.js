// In-page video player for article pages.
//
// Every timestamp is a plain link to YouTube at that second, so pages work
// without JavaScript. With it, the first click on a timestamp, or on a
// button with `data-play="SECONDS"` (the video card's play button; 0 when
// empty), opens a youtube-nocookie player above the article (nothing is
// requested from a third party before that click), starting at that second;
// later clicks seek the same player.
(function () {
  "use strict";
  var body = document.querySelector(".body[data-video]") || document.querySelector(".video-card[data-video]");
  if (!body) return;
  var videoId = body.getAttribute("data-video");
  if (!/^[A-Za-z0-9_-]{11}$/.test(videoId)) return;
  var frame = null;

  function embedURL(seconds) {
    return "https://www.youtube-nocookie.com/embed/" + videoId +
      "?start=" + seconds + "&autoplay=1&enablejsapi=1&rel=0";
  }

  function open(seconds) {
    var box = document.createElement("div");
    box.className = "player";
    frame = document.createElement("iframe");
    frame.src = embedURL(seconds);
    frame.title = "Video player";
    frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    var close = document.createElement("button");
    close.type = "button";
    close.className = "player-close";
    close.textContent = "Close video";
    close.addEventListener("click", function () {
      box.remove();
      frame = null;
      var play = document.querySelector("button[data-play]");   // keep keyboard focus on the page
      if (play) play.focus();
    });
    box.appendChild(frame);
    box.appendChild(close);
    var article = document.querySelector("article") || body;
    article.insertBefore(box, article.firstChild);
  }

  function seek(seconds) {
    var command = { event: "command", func: "seekTo", args: [seconds, true] };
    frame.contentWindow.postMessage(JSON.stringify(command), "*");
    frame.contentWindow.postMessage(JSON.stringify({ event: "command", func: "playVideo", args: [] }), "*");
    frame.setAttribute("data-t", String(seconds));
  }

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var link = event.target.closest && event.target.closest("a.ts, button[data-play]");
    if (!link) return;
    var seconds;
    if (link.tagName === "BUTTON") {
      seconds = parseInt(link.getAttribute("data-play") || "0", 10);
    } else {
      if (!body.contains(link)) return;
      var match = /[?&]t=(\d+)s/.exec(link.getAttribute("href") || "");
      seconds = match ? parseInt(match[1], 10) : NaN;
    }
    if (!(seconds >= 0)) return;
    event.preventDefault();
    if (frame) seek(seconds); else open(seconds);
    frame.parentNode.scrollIntoView({ block: "nearest" });
    if (link.tagName === "BUTTON") frame.focus();
  });
})();
