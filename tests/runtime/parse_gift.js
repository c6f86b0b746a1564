/* Reads a GIFT file (path as the first argument) with the gift-pegjs parser (the PEG grammar of Moodle's GIFT
 * format); prints the parsed questions as JSON, or exits 1 with the parser's message and location. */
"use strict";
const fs = require("fs");
const { parse } = require("gift-pegjs");

const text = fs.readFileSync(process.argv[2], "utf8");
try {
  process.stdout.write(JSON.stringify(parse(text)));
} catch (error) {
  process.stderr.write(`${error.message} at ${JSON.stringify(error.location && error.location.start)}\n`);
  process.exit(1);
}
