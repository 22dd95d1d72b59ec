// Leaflet's own controls carry English titles and labels ("Zoom in", "Close popup"); a screen
// reader on a Vietnamese page must read them in the page's language. Loaded after leaflet.js and
// the JS catalogue, before any map is made, so every map and popup gets them.
(function () {
  "use strict";
  var gettext = window.gettext || function (text) { return text; };
  L.Control.Zoom.prototype.options.zoomInTitle = gettext("Phóng to");
  L.Control.Zoom.prototype.options.zoomOutTitle = gettext("Thu nhỏ");
  var attribution = L.Control.Attribution.prototype.options;
  if (typeof attribution.prefix === "string") {
    attribution.prefix = attribution.prefix.replace(
      "A JavaScript library for interactive maps", gettext("Thư viện bản đồ Leaflet")
    );
  }
  var initLayout = L.Popup.prototype._initLayout;
  L.Popup.include({
    _initLayout: function () {
      initLayout.call(this);
      if (this._closeButton) this._closeButton.setAttribute("aria-label", gettext("Đóng"));
    }
  });
})();
