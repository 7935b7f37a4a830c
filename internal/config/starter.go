package config

// Starter is the commented seopipe.yaml that "seopipe init" writes. Every key
// it shows is real and set to its default or an example value.
const Starter = `# seopipe configuration. Paths are relative to this file.
# Environment variables SEOPIPE_<SECTION>_<KEY> (SEOPIPE_SITE_URL, SEOPIPE_OUTPUT_DIR, …)
# set defaults; this file overrides them; command-line flags override this file.

site:
  # Absolute base URL; every URL seopipe writes is under it. Required for "build".
  url: https://example.com/
  title: My Site
  description: What this site is about, in one sentence.
  # BCP 47 language tag of posts that do not name their own (lang:).
  language: en
  # IANA time zone for dates written without one ("2025-11-07", "2025-11-07 10:00").
  timezone: UTC
  # URL path of a post. Placeholders: {slug} (required), {category}, {year}, {month}, {day}
  # (the date in timezone).
  permalink: /{slug}/
  publisher:
    name: My Site
    url: https://example.com/
    # Logo for JSON-LD: a URL, or a path under the static directory.
    logo: /images/logo.png
  # Author of posts that name none.
  author: Jane Doe
  # Details per author name, as posts write it (author: / authors:).
  authors:
    Jane Doe:
      url: https://example.com/about/
      # email: jane@example.com
      # twitter: "@janedoe"
      # image: /images/jane.jpg

content:
  # Where the Markdown posts are (also the CONTENT_DIR argument).
  dir: content
  # Where image paths that start with "/" are looked up.
  static: static

output:
  dir: public

cache:
  dir: .seopipe-cache

sitemap:
  # Pages that are not posts: path (under site.url) and optional lastmod.
  extra: []
  #  - path: /about/
  #    lastmod: "2025-06-01"
  # Also write sitemap-news.xml (posts of the last 48 hours of the build clock).
  # Each article gets its post's language; language is for posts whose own does not map to one.
  # news:
  #   name: My Site
  #   language: en
  # Also write a .xml.gz copy of every sitemap file.
  gzip: false
  # Google ignores these; they are written only when set.
  # changefreq: weekly
  # priority: 0.5

feeds:
  # Items per feed (feed.xml, atom.xml, feed.json); 0 means all.
  limit: 20
  # full: the post's HTML; summary: the excerpt only.
  content: full
  # Also write category/<category>/feed.xml.
  perCategory: false

seo:
  # schema.org type of a post: BlogPosting, NewsArticle or Article.
  articleType: BlogPosting
  # The site's X account for twitter:site.
  # twitterSite: "@mysite"
  # Path of a category page, the middle item of the JSON-LD breadcrumb.
  categoryPermalink: /category/{category}/
  # og:image and twitter:image of a post without a hero or card (a path
  # in the static directory, or an absolute URL).
  # defaultImage: /images/share.png

images:
  # Responsive widths of every hero and inline image (never upscaled).
  widths: [480, 960, 1440, 1920]
  # Aspect crops of each hero (Google's Article guidance), 1200 px wide.
  crops: ["16:9", "4:3", "1:1"]
  # Encodings of each variant: jpeg, webp, png (images with alpha stay PNG).
  formats: [jpeg, webp]
  quality: 80
  # A CDN in front of the images: it replaces site.url in every image URL.
  # baseURL: https://cdn.example.com/
  # A failed image: "fail" builds the post without it and exits 1; "warn" exits 0.
  onError: fail
  # Fetching remote images.
  timeout: 30s
  retries: 3
  cacheTTL: 24h
  maxBytes: 52428800
  maxPixels: 100000000
  concurrency: 16
  perHost: 4
  # Private and loopback addresses are refused unless allowed here
  # (link-local and cloud-metadata addresses always are).
  allowPrivateNetworks: false
  allowHosts: []

cards:
  # A built-in theme (midnight, paper, photo) or the path of a theme file;
  # a post's card.theme overrides it.
  theme: midnight
  # og (1200x630), x (1200x600), square (1200x1200).
  sizes: [og]
  # png or jpeg.
  format: png
  # Byte budget of one card: over it, fewer colours, then JPEG, with a warning.
  maxBytes: 300000
  fonts:
    # TrueType/OpenType files; the Go fonts when empty.
    regular: ""
    bold: ""
    # Tried in order for characters the fonts above lack, e.g. Debian's
    # fonts-noto-cjk: /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
    fallback: []
`
