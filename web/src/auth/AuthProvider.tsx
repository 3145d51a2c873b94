import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { fetchMe, login as apiLogin, logout as apiLogout, type CurrentUser } from '../api/auth';
import { isApiError, messageOf, setAuthLostHandler } from '../api/client';
import { clearTokens, loadTokens } from '../api/tokens';
import { AuthContext, type AuthValue } from './context';

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<CurrentUser | null>(null);
  const [status, setStatus] = useState<AuthValue['status']>(loadTokens() ? 'loading' : 'ready');
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const navigate = useNavigate();
  const location = useLocation();

  // A session kept in this tab: ask who it is.
  useEffect(() => {
    if (!loadTokens()) {
      setStatus('ready');
      return;
    }
    const controller = new AbortController();
    setStatus('loading');
    fetchMe(controller.signal)
      .then((me) => {
        setUser(me);
        setStatus('ready');
      })
      .catch((e: unknown) => {
        if (controller.signal.aborted) return;
        if (isApiError(e) && e.status === 401) {
          clearTokens();
          setUser(null);
          setStatus('ready');
        } else {
          setError(messageOf(e));
          setStatus('error');
        }
      });
    return () => controller.abort();
  }, [attempt]);

  // A session that cannot be renewed: back to the login page, then here again.
  useEffect(() => {
    setAuthLostHandler(() => {
      setUser(null);
      if (location.pathname !== '/login') {
        navigate('/login', { replace: true, state: { from: location.pathname + location.search } });
      }
    });
    return () => setAuthLostHandler(null);
  }, [navigate, location]);

  const login = useCallback(async (username: string, password: string) => {
    await apiLogin(username, password);
    const me = await fetchMe();
    setUser(me);
    setError(null);
    setStatus('ready');
    return me;
  }, []);

  const logout = useCallback(async () => {
    try {
      await apiLogout();
    } catch {
      /* the session ends here whatever the server said */
    }
    setUser(null);
    navigate('/login', { replace: true });
  }, [navigate]);

  const retry = useCallback(() => {
    setError(null);
    setAttempt((n) => n + 1);
  }, []);

  const value = useMemo<AuthValue>(
    () => ({ user, status, error, login, logout, retry }),
    [user, status, error, login, logout, retry],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
