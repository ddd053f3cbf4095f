// Sortable tables, as progressive enhancement: a table marked `data-sortable` gets a button
// in each column header; without JavaScript the table keeps the order the page was built
// in (best first). Cells sort by their `data-sort` number when they have one, else by text
// in Vietnamese collation; empty cells always go last.
(function () {
  var script = document.currentScript;
  var label = (script && script.getAttribute('data-sort-label')) || 'Sort';
  function key(row, col) {
    var cell = row.cells[col];
    if (!cell || cell.textContent.trim() === '') return null;
    var n = cell.getAttribute('data-sort');
    return n !== null ? parseFloat(n) : cell.textContent.trim();
  }
  function sort(table, col, th) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var ascending = th.getAttribute('aria-sort') !== 'ascending';
    rows.sort(function (a, b) {
      var x = key(a, col), y = key(b, col);
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      var d = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'vi');
      return ascending ? d : -d;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
  }
  document.querySelectorAll('table[data-sortable]').forEach(function (table) {
    if (!table.tHead || !table.tBodies[0]) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'sort';
      button.title = label;
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener('click', function () { sort(table, col, th); });
    });
  });
})();
