import { createContext, useContext } from 'react';
import type { CurrentUser } from '../api/auth';

export interface AuthValue {
  user: CurrentUser | null;
  /** "loading" until the stored session (if any) has been asked about. */
  status: 'loading' | 'ready' | 'error';
  error: string | null;
  login: (username: string, password: string) => Promise<CurrentUser>;
  logout: () => Promise<void>;
  retry: () => void;
}

export const AuthContext = createContext<AuthValue | null>(null);

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** The logged-in user (inside RequireAuth only). */
export function useUser(): CurrentUser {
  const { user } = useAuth();
  if (!user) throw new Error('useUser outside RequireAuth');
  return user;
}
