// seam report: the module map's and the matrix's behaviour. The page is complete without this.
(function () {
  "use strict";
})();
