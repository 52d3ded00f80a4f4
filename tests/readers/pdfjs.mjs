// The text pdf.js (Firefox's reader) extracts from a PDF: a line per line
// of every page. Run from the folder pdfjs-dist is installed in.
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { readFileSync } from "fs";

const doc = await getDocument({ data: new Uint8Array(readFileSync(process.argv[2])), verbosity: 0 }).promise;
const lines = [];
for (let n = 1; n <= doc.numPages; n++) {
  const content = await (await doc.getPage(n)).getTextContent();
  let line = "";
  for (const item of content.items) {
    line += item.str;
    if (item.hasEOL) {
      lines.push(line);
      line = "";
    }
  }
  if (line) lines.push(line);
}
console.log(lines.join("\n"));
