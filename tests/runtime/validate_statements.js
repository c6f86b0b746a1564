/* Reads a JSON array of xAPI statements on stdin; prints a JSON array with, for each statement, the problems
 * @learninglocker/xapi-validation reports ({path, name, message}; [] when it is valid). */
"use strict";
const validate = require("@learninglocker/xapi-validation").default;

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const statements = JSON.parse(input);
  const problems = statements.map((statement) => validate(statement).map((warning) => ({
    path: warning.path.join("."), name: warning.name, message: warning.message,
  })));
  process.stdout.write(JSON.stringify(problems));
});
