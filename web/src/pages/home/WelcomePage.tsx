import { Result } from 'antd';
import { useUser } from '../../auth/context';
import { roleName } from '../../lib/labels';

/** For roles with no page yet in this app (居民, 职能部门). */
export default function WelcomePage() {
  const user = useUser();
  return (
    <Result
      status="info"
      title={`欢迎, ${user.username}`}
      subTitle={`当前角色: ${roleName(user.role)}。此角色的功能尚未在网页端开放。`}
    />
  );
}
