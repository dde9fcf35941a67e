// Runs first on both pages, before their WebAssembly loads: a device in reception mode (the
// flag the app keeps in localStorage) belongs on the reception page, any other device on the
// desk. The wrong page stops loading its bundle and is replaced by the right one, so a
// reception tablet never downloads the desk's bundle and the desk never shows reception.
(function () {
  var here = document.currentScript && document.currentScript.getAttribute("data-entry");
  var reception;
  try {
    reception = localStorage.getItem("complaint-desk.reception") !== null;
  } catch (e) {
    return; // No storage: the app itself says why it cannot start.
  }
  var target = reception ? "reception" : "desk";
  if (here === target) return;
  window.stop();
  location.replace(target === "reception" ? "reception.html" : "./");
})();
