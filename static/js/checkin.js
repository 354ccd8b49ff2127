// Check-in page: scan the convocation's QR code with the phone's camera where the browser has
// BarcodeDetector; otherwise staff type the code printed under the QR (the form works without JS).
(function () {
  "use strict";
  var scanner = document.getElementById("scanner");
  var form = document.getElementById("checkin-form");
  if (!scanner || !form || !("BarcodeDetector" in window) || !navigator.mediaDevices) {
    return;
  }
  var start = document.getElementById("scanner-start");
  var video = document.getElementById("scanner-video");
  var input = form.querySelector("input[name=code]");
  var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
  var stream = null;
  scanner.hidden = false;

  function stop() {
    if (stream) {
      stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
    }
    video.hidden = true;
  }

  function scan() {
    if (!stream) {
      return;
    }
    detector.detect(video).then(function (codes) {
      if (codes.length && codes[0].rawValue) {
        input.value = codes[0].rawValue;
        stop();
        if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
        return;
      }
      window.requestAnimationFrame(scan);
    }).catch(function () {
      window.requestAnimationFrame(scan);
    });
  }

  start.addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        video.hidden = false;
        return video.play();
      })
      .then(scan)
      .catch(function () {
        stop();
        input.focus();
      });
  });
  window.addEventListener("pagehide", stop);
})();
