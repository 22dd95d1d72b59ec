// Ký xác nhận: a finger-drawn signature (signature_pad), sent as a PNG data URL.
(function () {
  "use strict";
  var canvas = document.getElementById("signature-pad");
  var input = document.getElementById("id_signature");
  var pad = new SignaturePad(canvas, { penColor: "#0b2e6b", minWidth: 1, maxWidth: 2.8 });
  function resize() {
    var ratio = Math.max(window.devicePixelRatio || 1, 1);
    var data = pad.toData();
    canvas.width = canvas.offsetWidth * ratio;
    canvas.height = canvas.offsetHeight * ratio;
    canvas.getContext("2d").scale(ratio, ratio);
    pad.clear();
    pad.fromData(data);
  }
  window.addEventListener("resize", resize);
  resize();
  document.getElementById("signature-clear").addEventListener("click", function () { pad.clear(); });
  document.getElementById("sign-form").addEventListener("submit", function () {
    input.value = pad.isEmpty() ? "" : pad.toDataURL("image/png");
  });
})();
