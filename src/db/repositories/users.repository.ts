import type { Role, User } from '../../api/schemas/store.ts';
import type { Db } from '../open.ts';

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  disabled: 0 | 1;
  created_at: string;
}

function rowToUser(row: UserRow): User {
  return { id: row.id, username: row.username, displayName: row.display_name, role: row.role, disabled: row.disabled === 1, createdAt: row.created_at };
}

export function insertUser(db: Db, user: Omit<User, 'disabled'> & { createdBy: string | null }): void {
  db.prepare(
    `INSERT INTO users (id, username, display_name, role, disabled, created_at, created_by, updated_at)
     VALUES (@id, @username, @displayName, @role, 0, @createdAt, @createdBy, @createdAt)`,
  ).run(user);
}

export function getUser(db: Db, id: string): User | undefined {
  const row = db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
  return row && rowToUser(row);
}

export function findUserByUsername(db: Db, username: string): User | undefined {
  const row = db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
  return row && rowToUser(row);
}

export function listUsers(db: Db): User[] {
  return (db.prepare('SELECT * FROM users ORDER BY display_name COLLATE NOCASE').all() as UserRow[]).map(rowToUser);
}

export function setUserDisabled(db: Db, id: string, disabled: boolean, at: string): void {
  db.prepare('UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?').run(disabled ? 1 : 0, at, id);
}

export function countActiveAdmins(db: Db): number {
  return (db.prepare("SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0").get() as { n: number }).n;
}
