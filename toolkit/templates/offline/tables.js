// Tables of the page made for reading: a column of row numbers (0, 1, 2 …) is hidden, numbers
// are right-aligned and text left-aligned, a click on a column's header sorts by it (again:
// the other way), a table of many rows shows its first rows with a button for the rest and
// a box that keeps the rows holding what is typed.
(function () {
  "use strict";
  const SHOWN = 15;
  const NUMBER = /^[-+\u2212]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?(e[-+]?\d+)?%?$/i;
  const isNumber = text => text !== "" && NUMBER.test(text) && /\d/.test(text);
  const value = text => parseFloat(text.replace(/,/g, "").replace("\u2212", "-"));

  function headerRow(table, width) {
    const rows = table.tHead ? [...table.tHead.rows] : [];
    return rows.find(r => r.cells.length === width) || rows[0];
  }

  // An index of row numbers (unnamed, whole numbers: 0, 1, 2 …, or what a filter left of
  // them) says nothing to a reader.
  function hideRowNumbers(table, rows) {
    const head = table.tHead ? [...table.tHead.rows] : [];
    if (!rows.length || head.some(r => r.cells[0] && r.cells[0].textContent.trim() !== "")) return;
    if (!rows.every(r => r.cells[0] && r.cells[0].tagName === "TH" && r.querySelectorAll("th").length === 1
        && /^\d+$/.test(r.cells[0].textContent.trim()))) return;
    for (const row of [...head, ...rows]) {
      if (row.cells[0]) row.cells[0].hidden = true;
    }
  }

  // Numbers to the right, text to the left, and each header as its column.
  function align(table, rows) {
    const numeric = [];
    for (const row of rows) {
      [...row.cells].forEach((cell, column) => {
        const number = isNumber(cell.textContent.trim());
        cell.classList.add(number ? "num" : "text");
        if (cell.textContent.trim() !== "") numeric[column] = (numeric[column] ?? true) && number;
      });
    }
    const head = headerRow(table, rows[0].cells.length);
    if (head) [...head.cells].forEach((cell, column) => cell.classList.add(numeric[column] ? "num" : "text"));
  }

  function sortable(table, body, rows, update) {
    const head = headerRow(table, rows[0].cells.length);
    if (!head) return;
    [...head.cells].forEach((cell, column) => {
      cell.classList.add("sortable");
      cell.title = "sort by this column";
      cell.addEventListener("click", () => {
        const order = cell.dataset.sort === "ascending" ? "descending" : "ascending";
        [...head.cells].forEach(c => delete c.dataset.sort);
        cell.dataset.sort = order;
        const key = row => {
          const text = row.cells[column] ? row.cells[column].textContent.trim() : "";
          return isNumber(text) ? [0, value(text)] : [1, text.toLowerCase()];
        };
        const sorted = [...body.rows].sort((a, b) => {
          const [ka, va] = key(a), [kb, vb] = key(b);
          const c = ka !== kb ? ka - kb : va < vb ? -1 : va > vb ? 1 : 0;
          return order === "ascending" ? c : -c;
        });
        sorted.forEach(row => body.appendChild(row));
        update();
      });
    });
  }

  // A cell spanning rows (the outer level of a grouped index) is written into each of its
  // rows, so that every row reads alone once sorted or filtered.
  function unspan(body) {
    const rows = [...body.rows];
    rows.forEach((row, r) => {
      [...row.cells].forEach(cell => {
        const span = cell.rowSpan;
        if (span <= 1) return;
        const column = [...row.cells].indexOf(cell);
        cell.rowSpan = 1;
        for (let k = 1; k < span && r + k < rows.length; k++) {
          const below = rows[r + k];
          below.insertBefore(cell.cloneNode(true), below.cells[column] || null);
        }
      });
    });
  }

  function prepare(table) {
    const body = table.tBodies[0];
    if (!body || !body.rows.length) return;
    unspan(body);
    const rows = [...body.rows];
    hideRowNumbers(table, rows);
    align(table, rows);
    let showAll = rows.length <= SHOWN, query = "";
    const controls = document.createElement("div");
    controls.className = "table-controls";
    const more = document.createElement("button");
    more.type = "button";
    const update = () => {
      let shown = 0;
      for (const row of body.rows) {
        const match = !query || row.textContent.toLowerCase().includes(query);
        row.hidden = !match || (!showAll && !query && shown >= SHOWN);
        if (match && !row.hidden) shown++;
      }
      more.hidden = rows.length <= SHOWN || query !== "";
      more.textContent = showAll ? `show the first ${SHOWN} rows` : `show all ${rows.length} rows`;
    };
    more.addEventListener("click", () => { showAll = !showAll; update(); });
    if (rows.length > SHOWN) {
      const filter = document.createElement("input");
      filter.type = "search";
      filter.placeholder = `filter ${rows.length} rows`;
      filter.addEventListener("input", () => { query = filter.value.trim().toLowerCase(); update(); });
      controls.append(filter, more);
      table.parentNode.insertBefore(controls, table);
    }
    sortable(table, body, rows, update);
    update();
  }

  document.querySelectorAll("table.dataframe").forEach(prepare);
})();
