import { Cascader } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from '../api/client';
import { getChildren, getPlace, getTops, type Place, type PlaceKind } from '../api/places';
import { PLACE_KIND_NAMES } from '../lib/labels';

export interface PlaceOption {
  value: string;
  label: string;
  kind?: PlaceKind;
  isLeaf?: boolean;
  disabled?: boolean;
  children?: PlaceOption[];
}

function toOption(place: Place, unitsOnly: boolean): PlaceOption {
  const retired = Boolean(place.retired);
  return {
    value: place.id,
    label: retired ? `${place.name} (已停用)` : place.name,
    kind: place.kind,
    isLeaf: place.kind === 'unit',
    disabled: unitsOnly && retired,
  };
}

function placeholderChild(label: string): PlaceOption {
  return { value: `__${label}`, label, disabled: true, isLeaf: true };
}

/** Loads the children along `path` so that the Cascader can name every step. */
async function expandAlong(options: PlaceOption[], path: readonly string[], unitsOnly: boolean) {
  let level = options;
  for (const id of path.slice(0, -1)) {
    const option = level.find((o) => o.value === id);
    if (!option || option.isLeaf) return;
    try {
      const children = await getChildren(id);
      option.children = children.map((c) => toOption(c, unitsOnly));
    } catch {
      return;
    }
    level = option.children;
  }
}

type Props = {
  id?: string;
  /** The user's scope: the tree starts below it (null: an administrator without one). */
  rootId: string | null;
  value?: string[];
  onChange?: (value: string[] | undefined) => void;
  /** Only units can be picked (the desk); otherwise any level (search). */
  unitsOnly?: boolean;
  placeholder?: string;
  style?: React.CSSProperties;
  'aria-label'?: string;
  'data-testid'?: string;
};

/** The place tree from the user's scope down, loaded a level at a time. */
export function PlaceCascader({
  id,
  rootId,
  value,
  onChange,
  unitsOnly = false,
  placeholder,
  style,
  ...rest
}: Props) {
  const [options, setOptions] = useState<PlaceOption[]>([]);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  const [error, setError] = useState<string | null>(null);
  // A value set before the tree is loaded (a form reset re-mounts the field): its path is
  // loaded too, so that it shows as names.
  const initialValue = useRef(value);

  useEffect(() => {
    let live = true;
    setState('loading');
    (async () => {
      // Below the user's own place; an administrator of the whole deployment starts at the
      // districts.
      if (rootId === null) {
        const tops = (await getTops()).map((p) => toOption(p, unitsOnly));
        await expandAlong(tops, initialValue.current ?? [], unitsOnly);
        return tops;
      }
      const root = await getPlace(rootId);
      if (root.kind === 'unit') return [toOption(root, unitsOnly)];
      const children = await getChildren(rootId);
      const top = children.map((c) => toOption(c, unitsOnly));
      await expandAlong(top, initialValue.current ?? [], unitsOnly);
      return top;
    })()
      .then((opts) => {
        if (!live) return;
        setOptions(opts);
        setState('ready');
      })
      .catch((e: unknown) => {
        if (!live) return;
        setError(messageOf(e));
        setState('error');
      });
    return () => {
      live = false;
    };
  }, [rootId, unitsOnly]);

  const loadData = useCallback(
    (selected: PlaceOption[]) => {
      const target = selected[selected.length - 1];
      if (!target || target.isLeaf) return;
      getChildren(target.value)
        .then((children) => {
          target.children =
            children.length > 0
              ? children.map((c) => toOption(c, unitsOnly))
              : unitsOnly
                ? [placeholderChild('(无下级房屋)')]
                : undefined;
          if (!unitsOnly && children.length === 0) target.isLeaf = true;
        })
        .catch((e: unknown) => {
          target.children = [placeholderChild(`加载失败: ${messageOf(e)}`)];
        })
        .finally(() => setOptions((opts) => [...opts]));
    },
    [unitsOnly],
  );

  const placeholderText =
    state === 'error'
      ? `地点加载失败: ${error ?? ''}`
      : state === 'loading'
        ? '正在加载地点…'
        : (placeholder ?? (unitsOnly ? '小区 / 楼栋 / 户' : '社区 / 小区 / 楼栋'));
  return (
    <div>
      <Cascader<PlaceOption>
        id={id}
        options={options}
        loadData={loadData}
        value={value}
        onChange={(v) => onChange?.(v && v.length > 0 ? v.map(String) : undefined)}
        changeOnSelect={!unitsOnly}
        placeholder={placeholderText}
        status={state === 'error' ? 'error' : undefined}
        notFoundContent={state === 'loading' ? '加载中…' : '管辖范围内没有地点'}
        displayRender={(labels) => labels.join(' / ')}
        style={{ width: '100%', ...style }}
        allowClear
        expandTrigger="click"
        optionRender={(option) => (
          <span title={option.kind ? PLACE_KIND_NAMES[option.kind] : undefined}>{option.label}</span>
        )}
        aria-label={rest['aria-label']}
        data-testid={rest['data-testid']}
      />
    </div>
  );
}
