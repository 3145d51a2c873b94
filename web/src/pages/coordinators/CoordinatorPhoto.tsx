import { useEffect, useState } from 'react';
import { Avatar, Image, Tooltip } from 'antd';
import { UserOutlined, WarningOutlined } from '@ant-design/icons';
import { fetchCoordinatorPhoto } from '../../api/coordinators';
import { messageOf } from '../../api/client';

type PhotoState =
  | { kind: 'none' }
  | { kind: 'loading' }
  | { kind: 'shown'; url: string }
  | { kind: 'failed'; message: string };

/**
 * The photo behind the bearer token, as an object URL (revoked when the photo changes or the
 * component goes). `version` above 0 asks past the browser's cache, after a replacement.
 */
export function usePhotoUrl(id: string, hasPhoto: boolean, version: number): PhotoState {
  const [state, setState] = useState<PhotoState>({ kind: hasPhoto ? 'loading' : 'none' });
  useEffect(() => {
    if (!hasPhoto) {
      setState({ kind: 'none' });
      return;
    }
    const controller = new AbortController();
    let url: string | null = null;
    setState({ kind: 'loading' });
    fetchCoordinatorPhoto(id, { signal: controller.signal, fresh: version > 0 })
      .then((blob) => {
        if (controller.signal.aborted) return;
        if (!blob) {
          setState({ kind: 'none' });
          return;
        }
        url = URL.createObjectURL(blob);
        setState({ kind: 'shown', url });
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setState({ kind: 'failed', message: messageOf(e) });
      });
    return () => {
      controller.abort();
      if (url) URL.revokeObjectURL(url);
    };
  }, [id, hasPhoto, version]);
  return state;
}

/** A coordinator's photo at `width` (3:4, as ID photos are); click to see it large. */
export function CoordinatorPhoto({
  id,
  name,
  hasPhoto,
  version = 0,
  width = 45,
}: {
  id: string;
  name: string;
  hasPhoto: boolean;
  version?: number;
  width?: number;
}) {
  const photo = usePhotoUrl(id, hasPhoto, version);
  const height = Math.round((width * 4) / 3);
  const box = { width, height, borderRadius: 4 };
  if (photo.kind === 'shown') {
    return (
      <Image
        src={photo.url}
        alt={`${name}的照片`}
        width={width}
        height={height}
        style={{ objectFit: 'cover', borderRadius: 4 }}
        preview={{ mask: '查看' }}
        data-testid="coordinator-photo"
      />
    );
  }
  if (photo.kind === 'failed') {
    return (
      <Tooltip title={`照片加载失败: ${photo.message}`}>
        <Avatar shape="square" style={box} icon={<WarningOutlined />} />
      </Tooltip>
    );
  }
  return (
    <Tooltip title={photo.kind === 'none' ? '尚未上传照片' : '照片加载中…'}>
      <Avatar
        shape="square"
        style={box}
        icon={<UserOutlined />}
        data-testid={photo.kind === 'none' ? 'coordinator-no-photo' : undefined}
      />
    </Tooltip>
  );
}
