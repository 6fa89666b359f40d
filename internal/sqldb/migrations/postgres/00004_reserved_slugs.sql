-- +goose Up
-- Pages whose address a site route now uses (the shop, blog, search...)
-- move to ADDRESS-page, so that neither hides the other. Nothing is lost:
-- the owner sees the new address in the page list.
UPDATE pages SET slug = slug || '-page'
WHERE slug IN ('_ui', 'account', 'admin', 'api', 'assets', 'blog', 'cart', 'categories', 'checkout', 'consent',
    'favicon.ico', 'feeds', 'forms', 'login', 'logout', 'media', 'orders', 'products', 'robots.txt',
    'search', 'sitemap.xml', 'tags')
AND NOT EXISTS (SELECT 1 FROM pages p2 WHERE p2.site_id = pages.site_id AND p2.slug = pages.slug || '-page');

-- +goose Down
SELECT 1;
