// The label page's print button (a file, not an inline handler: the site's CSP allows scripts from 'self' only).
document.getElementById("print").addEventListener("click", function () { window.print(); });
