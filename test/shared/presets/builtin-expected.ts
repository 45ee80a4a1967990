// What each built-in preset must find on its saved page: the media URLs of every item, in order. The
// Node and the Chromium tests both compare against this, so a regression in either DOM shows up as
// a difference from the page's known truth, not only as a difference between the two.
export const EXPECTED_URLS: Record<string, Array<{ image_urls?: string[]; file_urls?: string[] }>> = {
  'https://blog.example/2024/05/alpine-trip/': [
    {
      image_urls: [
        'https://blog.example/wp-content/uploads/2024/05/lake.jpg',
        'https://blog.example/wp-content/uploads/2024/05/ridge.jpg',
        'https://blog.example/wp-content/uploads/2024/05/hut.jpg',
        'https://blog.example/wp-content/uploads/2024/05/forest.jpg',
        'https://blog.example/wp-content/uploads/2024/05/glacier.jpg',
        'https://blog.example/wp-content/uploads/2024/05/summit.png',
      ],
    },
  ],
  'https://wiki.example/wiki/Mont_Blanc': [
    {
      image_urls: [
        'https://upload.wiki.example/images/4/4d/Mont_Blanc_oct_2004.JPG',
        'https://upload.wiki.example/images/a/ab/Mont_Blanc_from_Aiguille.jpg',
        'https://upload.wiki.example/images/7/7e/Refuge_du_Gouter.png',
        'https://upload.wiki.example/images/1/1b/Glacier_des_Bossons.jpg',
        'https://upload.wiki.example/images/9/93/Chamonix_1900.gif',
      ],
      file_urls: [],
    },
  ],
  'https://wiki.example/wiki/File:Mont_Blanc_from_Aiguille.jpg': [
    { image_urls: ['https://upload.wiki.example/images/a/ab/Mont_Blanc_from_Aiguille.jpg'], file_urls: [] },
  ],
  'https://shop.example/products/linen-shirt?variant=4001': [
    {
      image_urls: [
        'https://shop.example/cdn/shop/files/linen-front.jpg?v=1700000001',
        'https://shop.example/cdn/shop/files/linen-back.jpg?v=1700000002',
        'https://cdn.shopify.com/s/files/1/0123/4567/products/linen-detail.jpg?v=1600000000',
        'https://cdn.shopify.com/s/files/1/0123/4567/products/linen-worn.png?v=1600000001',
        'https://cdn.shopify.com/s/files/1/0123/4567/products/linen-fold.jpg?v=1600000002',
      ],
    },
  ],
  'https://forum.example/threads/trail-photos-2024.1234/': [
    {
      image_urls: [
        'https://forum.example/attachments/ridge-jpg.9001/',
        'https://img.example/peak.jpg',
        'https://forum.example/attachments/lake-jpg.9002/',
      ],
      file_urls: ['https://forum.example/attachments/gpx-tracks-zip.9003/'],
    },
    {
      image_urls: ['https://img.example/sunset.jpg', 'https://forum.example/attachments/hut-jpg.9005/'],
      file_urls: ['https://forum.example/attachments/route-map-pdf.9004/'],
    },
  ],
  'https://board.example/p/thread/123456': [
    { file_urls: ['https://i.board.example/p/1717000000001.jpg'] },
    { file_urls: ['https://i.board.example/p/1717000000002.png'] },
    { file_urls: ['https://i.board.example/p/1717000000004.webm'] },
    { file_urls: ['https://i.board.example/p/1717000000005.gif'] },
  ],
};

/** The media URL fields of items, for comparing with EXPECTED_URLS. */
export function urlFields(items: ReadonlyArray<Record<string, unknown>>): Array<{ image_urls?: string[]; file_urls?: string[] }> {
  return items.map((item) => {
    const out: { image_urls?: string[]; file_urls?: string[] } = {};
    if (item.image_urls !== undefined) out.image_urls = item.image_urls as string[];
    if (item.file_urls !== undefined) out.file_urls = item.file_urls as string[];
    return out;
  });
}
