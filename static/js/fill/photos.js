// Photos: resized in the browser (long edge 1600 px, JPEG), queued in the outbox, shown at
// once from the device and replaced by the server's thumbnail once it confirmed the photo.
const MAX_EDGE = 1600;

export function resized(file) {
  if (!window.createImageBitmap) return Promise.resolve({ blob: file, name: file.name });
  // createImageBitmap applies the EXIF orientation, so the canvas copy is upright.
  return createImageBitmap(file).then((bmp) => {
    const scale = Math.min(1, MAX_EDGE / Math.max(bmp.width, bmp.height));
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(bmp.width * scale);
    canvas.height = Math.round(bmp.height * scale);
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(bmp, 0, 0, canvas.width, canvas.height);
    if (bmp.close) bmp.close();
    return new Promise((resolve) => {
      canvas.toBlob((blob) => {
        resolve(blob ? { blob, name: file.name.replace(/\.[^.]*$/, "") + ".jpg" } : { blob: file, name: file.name });
      }, "image/jpeg", 0.85);
    });
  }, () => ({ blob: file, name: file.name })); // not decodable here: the server will say why
}

export function thumb(data, T) {
  const box = document.createElement("div");
  box.className = "photo-thumb";
  const a = document.createElement("a");
  a.href = data.url; a.target = "_blank"; a.rel = "noopener";
  const img = document.createElement("img");
  img.src = data.thumb; img.alt = T.photoAlt;
  a.appendChild(img);
  const del = document.createElement("button");
  del.type = "button"; del.className = "photo-del"; del.dataset.url = data["delete"];
  del.setAttribute("aria-label", T.deletePhoto); del.textContent = "×";
  box.append(a, del);
  return box;
}

// A photo still on the device: its own picture, marked as waiting.
export function placeholder(itemEl, rec, text) {
  const box = document.createElement("div");
  box.className = "photo-thumb uploading";
  box.dataset.key = rec.key;
  if (rec.blob && window.URL && URL.createObjectURL) {
    const img = document.createElement("img");
    img.src = URL.createObjectURL(rec.blob);
    img.alt = "";
    box.appendChild(img);
  }
  const label = document.createElement("span");
  label.className = "photo-state";
  label.textContent = text;
  box.appendChild(label);
  itemEl.querySelector(".photos").appendChild(box);
  return box;
}
