// Windowing for long lists and grids: a scroll container reports its size and scroll position, and
// visibleRows says which fixed-height rows are in view (plus a margin). Only those get rendered, so
// 10,000 entries cost as much as the forty or so on screen.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

export interface Viewport {
  containerRef: { current: HTMLDivElement | null };
  scrollTop: number;
  width: number;
  height: number;
}

export function useViewport(): Viewport {
  const containerRef = useRef<HTMLDivElement | null>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [size, setSize] = useState({ width: 0, height: 0 });

  useLayoutEffect(() => {
    const element = containerRef.current;
    if (!element) return;
    const measure = () => setSize({ width: element.clientWidth, height: element.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const element = containerRef.current;
    if (!element) return;
    let frame = 0;
    const onScroll = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => setScrollTop(element.scrollTop));
    };
    element.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      cancelAnimationFrame(frame);
      element.removeEventListener('scroll', onScroll);
    };
  }, []);

  return { containerRef, scrollTop, width: size.width, height: size.height };
}

export function visibleRows(viewport: Viewport, rowCount: number, rowHeight: number, overscan = 3): { start: number; end: number; totalHeight: number } {
  // Before the first measurement assume a popup-sized window rather than rendering nothing.
  const height = viewport.height || 480;
  const start = Math.max(0, Math.floor(viewport.scrollTop / rowHeight) - overscan);
  const end = Math.min(rowCount, Math.ceil((viewport.scrollTop + height) / rowHeight) + overscan);
  return { start, end, totalHeight: rowCount * rowHeight };
}
