// The cipher build has the better-sqlite3 API; its own typings are not reachable through its exports.
declare module 'better-sqlite3-multiple-ciphers' {
  import Database from 'better-sqlite3';
  export = Database;
}
