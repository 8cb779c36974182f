import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { useEffect, useRef } from 'react';

Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  CategoryScale,
  LinearScale,
  Tooltip,
  Legend,
);

export interface Series {
  label: string;
  values: number[];
}

/**
 * A bar or line chart (Chart.js on a canvas). The canvas is an image with a label for screen
 * readers; every chart in the app has the same figures in a table next to it.
 */
export function SeriesChart({
  kind,
  labels,
  series,
  label,
  yTitle,
}: {
  kind: 'bar' | 'line';
  labels: string[];
  series: Series[];
  /** The chart's accessible name. */
  label: string;
  yTitle?: string;
}) {
  const canvas = useRef<HTMLCanvasElement | null>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const palette = ['#3a63d8', '#e0a400', '#2e9b57', '#c0392b'];
    const config: ChartConfiguration<'bar' | 'line'> = {
      type: kind,
      data: {
        labels,
        datasets: series.map((s, i) => ({
          label: s.label,
          data: s.values,
          backgroundColor: palette[i % palette.length],
          borderColor: palette[i % palette.length],
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { beginAtZero: true, title: yTitle ? { display: true, text: yTitle } : undefined } },
      },
    };
    const chart = new Chart(canvas.current, config);
    return () => chart.destroy();
  }, [kind, labels, series, yTitle]);
  return (
    <div className="chart">
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
