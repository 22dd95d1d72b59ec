// Ký xác nhận: a finger-drawn signature (signature_pad), sent as a PNG data URL. The pad is the
// offline Ký xác nhận's own (fill/signature.js).
import { signaturePad } from "./fill/signature.js";

const input = document.getElementById("id_signature");
const pad = signaturePad(document.getElementById("signature-pad"));
document.getElementById("signature-clear").addEventListener("click", () => pad.clear());
document.getElementById("sign-form").addEventListener("submit", () => {
  input.value = pad.isEmpty() ? "" : pad.toDataURL("image/png");
});
