'use strict';
// console.table for fnbox: returns the text Node 20's console.table prints.

const indexKey = '(index)';
const iterKey = '(iteration index)';
const keyKey = 'Key';
const valuesKey = 'Values';

const chars = {
  middleMiddle: '─', rowMiddle: '┼', topRight: '┐', topLeft: '┌', leftMiddle: '├', topMiddle: '┬',
  bottomRight: '┘', bottomLeft: '└', bottomMiddle: '┴', rightMiddle: '┤', left: '│ ', right: ' │',
  middle: ' │ ',
};

function isFullWidthCodePoint(code) {
  return code >= 0x1100 && (
    code <= 0x115f ||
    code === 0x2329 ||
    code === 0x232a ||
    (code >= 0x2e80 && code <= 0x3247 && code !== 0x303f) ||
    (code >= 0x3250 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0xa4c6) ||
    (code >= 0xa960 && code <= 0xa97c) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe10 && code <= 0xfe19) ||
    (code >= 0xfe30 && code <= 0xfe6b) ||
    (code >= 0xff01 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1b000 && code <= 0x1b001) ||
    (code >= 0x1f200 && code <= 0x1f251) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

function isZeroWidthCodePoint(code) {
  return code <= 0x1F ||
    (code >= 0x7F && code <= 0x9F) ||
    (code >= 0x300 && code <= 0x36F) ||
    (code >= 0x200B && code <= 0x200F) ||
    (code >= 0x20D0 && code <= 0x20FF) ||
    (code >= 0xFE00 && code <= 0xFE0F) ||
    (code >= 0xFE20 && code <= 0xFE2F) ||
    (code >= 0xE0100 && code <= 0xE01EF);
}

function getStringWidth(str) {
  str = require('util').stripVTControlCharacters(String(str));
  if (/^[\x20-\x7e]*$/.test(str)) return str.length;
  str = str.normalize('NFC');
  let width = 0;
  for (const ch of str) {
    const code = ch.codePointAt(0);
    if (isFullWidthCodePoint(code)) width += 2;
    else if (!isZeroWidthCodePoint(code)) width++;
  }
  return width;
}

function renderRow(row, columnWidths) {
  let out = chars.left;
  for (let i = 0; i < row.length; i++) {
    const cell = row[i];
    const len = getStringWidth(cell);
    const needed = columnWidths[i] - len;
    out += cell + ' '.repeat(Math.max(0, needed));
    if (i !== row.length - 1) out += chars.middle;
  }
  out += chars.right;
  return out;
}

function renderTable(head, columns) {
  const rows = [];
  const columnWidths = head.map((h) => getStringWidth(h));
  const longestColumn = Math.max(...columns.map((a) => a.length));
  for (let i = 0; i < head.length; i++) {
    const column = columns[i];
    for (let j = 0; j < longestColumn; j++) {
      if (rows[j] === undefined) rows[j] = [];
      const value = rows[j][i] = Object.prototype.hasOwnProperty.call(column, j) ? column[j] : '';
      const width = columnWidths[i] || 0;
      const counted = getStringWidth(value);
      columnWidths[i] = Math.max(width, counted);
    }
  }
  const divider = columnWidths.map((w) => chars.middleMiddle.repeat(w + 2));
  let result = chars.topLeft + divider.join(chars.topMiddle) + chars.topRight + '\n' +
    renderRow(head, columnWidths) + '\n' +
    chars.leftMiddle + divider.join(chars.rowMiddle) + chars.rightMiddle + '\n';
  for (const row of rows) result += `${renderRow(row, columnWidths)}\n`;
  result += chars.bottomLeft + divider.join(chars.bottomMiddle) + chars.bottomRight;
  return result;
}

module.exports = function table(tabularData, properties) {
  const util = require('util');
  if (properties !== undefined && !Array.isArray(properties)) {
    const err = new TypeError(`The "properties" argument must be an instance of Array.${require('_errors').received(properties)}`);
    err.code = 'ERR_INVALID_ARG_TYPE';
    throw err;
  }
  if (tabularData === null || typeof tabularData !== 'object') return util.format(tabularData);

  const inspect = (v) => {
    const depth = v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 2 ? -1 : 0;
    return util.inspect(v, { depth, maxArrayLength: 3, breakLength: Infinity });
  };
  const getIndexArray = (length) => Array.from({ length }, (_, i) => inspect(i));
  const types = util.types;

  if (types.isMap(tabularData)) {
    const keys = [];
    const values = [];
    let length = 0;
    for (const [k, v] of Map.prototype.entries.call(tabularData)) {
      keys.push(inspect(k));
      values.push(inspect(v));
      length++;
    }
    return renderTable([iterKey, keyKey, valuesKey], [getIndexArray(length), keys, values]);
  }

  const setIter = types.isSetIterator(tabularData);
  const mapIter = types.isMapIterator(tabularData);
  if (setIter || mapIter || types.isSet(tabularData)) {
    const values = [];
    let length = 0;
    for (const v of tabularData) {
      values.push(inspect(v));
      length++;
    }
    return renderTable([iterKey, valuesKey], [getIndexArray(length), values]);
  }

  const map = Object.create(null);
  let hasPrimitives = false;
  const valuesKeyArray = [];
  const indexKeyArray = Object.keys(tabularData);
  for (let i = 0; i < indexKeyArray.length; i++) {
    const item = tabularData[indexKeyArray[i]];
    const primitive = item === null || (typeof item !== 'function' && typeof item !== 'object');
    if (properties === undefined && primitive) {
      hasPrimitives = true;
      valuesKeyArray[i] = inspect(item);
    } else {
      const keys = properties || Object.keys(item);
      for (const key of keys) {
        if (map[key] === undefined) map[key] = [];
        if ((primitive && properties) || !Object.prototype.hasOwnProperty.call(item, key)) map[key][i] = '';
        else map[key][i] = inspect(item[key]);
      }
    }
  }
  const keys = Object.keys(map);
  const values = Object.values(map);
  if (hasPrimitives) {
    keys.push(valuesKey);
    values.push(valuesKeyArray);
  }
  keys.unshift(indexKey);
  values.unshift(indexKeyArray);
  return renderTable(keys, values);
};
