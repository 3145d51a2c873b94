import { Button } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useLocation, useNavigate } from 'react-router';

/** Back to where the user came from (the list as they left it), else to the register. */
export function BackLink() {
  const navigate = useNavigate();
  const location = useLocation();
  const cameFromApp = location.key !== 'default';
  return (
    <Button
      type="link"
      icon={<ArrowLeftOutlined />}
      style={{ paddingLeft: 0 }}
      onClick={() => (cameFromApp ? navigate(-1) : navigate('/houses'))}
    >
      返回
    </Button>
  );
}
