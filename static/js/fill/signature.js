// The signature pad of both Ký xác nhận pages: online (sign.js) and offline (offline-result.js).
export function signaturePad(canvas) {
  const pad = new window.SignaturePad(canvas, { penColor: "#0b2e6b", minWidth: 1, maxWidth: 2.8 });
  function resize() {
    const ratio = Math.max(window.devicePixelRatio || 1, 1);
    const data = pad.toData();
    canvas.width = canvas.offsetWidth * ratio;
    canvas.height = canvas.offsetHeight * ratio;
    canvas.getContext("2d").scale(ratio, ratio);
    pad.clear();
    pad.fromData(data);
  }
  window.addEventListener("resize", resize);
  resize();
  return pad;
}
