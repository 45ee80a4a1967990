// The benchmark page: `count` gallery cells, each an <img> with srcset (every third lazy-loaded), a link
// to the original, and a CSS background (50 distinct ones).
export function galleryHtml(count: number): string {
  const cells = Array.from({ length: count }, (_, i) => {
    const lazy = i % 3 === 0;
    return `<div class="cell"><a href="/full/${i}.jpg"><img ${lazy ? `src="/spacer.gif" data-src` : 'src'}="/thumb/${i}.jpg" srcset="/thumb/${i}.jpg 300w, /large/${i}.jpg 1200w" width="300" height="200" alt="Photo ${i}"></a><span style="background-image:url(/bg/${i % 50}.png)"></span></div>`;
  });
  return `<!doctype html><html><head><title>Gallery</title></head><body>${cells.join('')}</body></html>`;
}
