// pg ships no types; @types/pg describes the current 8.x API, which 8.0.3 already has for
// everything the provider calls (query, connect, release, end, the 'error' event).
declare module 'pg-8.0.3' {
  import pg from 'pg'
  export default pg
}
