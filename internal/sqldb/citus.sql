-- What an operator runs on a Citus coordinator, once, after "pagecart migrate"
-- has created the schema, to spread it over the workers by site. Every table
-- of Pagecart's own schema appears here exactly once; TestCitusPlacement
-- checks that, and checks the rules each kind of table must follow, so a new
-- table cannot be forgotten.
--
-- The order matters: Citus wants the target of a foreign key placed before
-- the table that refers to it, so reference tables come first, each after the
-- tables it points to.
--
-- Not listed, and left as plain tables on the coordinator (the application
-- connects to the coordinator):
--   goose_db_version   goose's record of applied migrations.
--   river_*            the job queue. River locks and polls these rows on its
--                      own and they are never joined with site data.
--   mail_messages      the e-mail outbox. Each row is the body of one send job
--                      and is written in the same transaction as its River job;
--                      only the mail worker (by ID) and the operator console
--                      (all sites, newest first) read it, and platform mail
--                      (password resets) has no site. As a reference table
--                      every e-mail ever sent would be copied to every worker,
--                      and distributing it would need a site for platform mail
--                      and a fan-out for the console, for no query that needs it.
--   platform_consent_log  the platform host's own cookie-consent log (migration
--                      00023): written by visitors of the platform's pages and
--                      exported by operators; it belongs to no site and is
--                      never joined with site data.
--   tls_storage, tls_locks  certificates and ACME locks (migration 00023),
--                      read by the TLS handshake of whichever node answers,
--                      by key, before any site is known; a handful of rows
--                      per domain, never joined.

-- Reference tables: the platform's own data, and the small, rarely written
-- tables that a request reads before it knows which site it is for, or that
-- span sites. Citus copies each one to every worker, so tenant tables on any
-- worker may join them and point their foreign keys at them.

-- Accounts and operators are people, not sites; an account can be on the staff
-- of many sites.
SELECT create_reference_table('accounts');
SELECT create_reference_table('operators');
-- A site is a tenant itself: its row is what tenant rows point to, and the
-- host of a request is resolved to it before anything else happens.
SELECT create_reference_table('sites');
-- Sessions, one-time account tokens, login throttling and captchas are looked
-- up by a token, key or ID that carries no site: they are global lookups.
SELECT create_reference_table('sessions');
SELECT create_reference_table('account_tokens');
SELECT create_reference_table('login_failures');
SELECT create_reference_table('captchas');
-- Platform settings and questions to the platform's help desk belong to no site.
SELECT create_reference_table('platform_settings');
SELECT create_reference_table('help_questions');
-- Domains are the host → site routing table: every request looks up its Host
-- header here before it knows the site, so a host must be unique across all
-- sites. They change rarely (a site adds or verifies a domain).
SELECT create_reference_table('domains');
-- Site members are read on every administration request (with accounts, a
-- reference table) and by account across sites ("My sites", choosing a site
-- after login), and change only when staff join, leave or change roles. As a
-- reference table the account → sites lookup stays one indexed query on any
-- node; distributing it would need a second, reference copy of every
-- membership kept in step with it.
SELECT create_reference_table('site_members');
-- Partner tokens (migration 00011) are the platform's, valid on every site,
-- and looked up by prefix before the request's site token is checked.
SELECT create_reference_table('partner_tokens');

-- Distributed tables: each site's own content, spread by site_id and placed
-- together (colocated with pages), so that every query of one site and every
-- foreign key between them stays on one worker. Their keys, unique
-- constraints and indexes all lead with site_id.
SELECT create_distributed_table('pages', 'site_id');
-- Invitations are always looked up on the inviting site's own host, so the
-- token is unique per site and the lookup carries the site.
SELECT create_distributed_table('invitations', 'site_id', colocate_with => 'pages');
-- The media library: a site's images and where each is used. Every lookup
-- carries the site (the image URL is on the site's own host).
SELECT create_distributed_table('media', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('media_uses', 'site_id', colocate_with => 'pages');
-- The catalog (migration 00006): each site's products with their options,
-- variants, images and stock history, its category tree, old addresses and
-- search vocabulary. Keys and foreign keys all lead with site_id; the
-- full-text index leads with it too (btree_gin), so a search reads one site.
SELECT create_distributed_table('products', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('product_options', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('product_option_values', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('product_variants', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('product_images', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('categories', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('product_categories', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('stock_movements', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('catalog_redirects', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('product_search_terms', 'site_id', colocate_with => 'pages');
-- Catalog imports and feeds (migration 00008): an import's file, progress and
-- report, read by the site's admin and by the job worker with the site's ID;
-- the site's feed token, checked with the site its host resolved to; the
-- site's sample products, pointing at its products.
SELECT create_distributed_table('imports', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('site_feeds', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('sample_products', 'site_id', colocate_with => 'pages');
-- Webhooks (migration 00012): a site's subscriptions, the events recorded
-- for them, their deliveries and every attempt. The job worker, the admin
-- and the API all read them with the site's ID, and their foreign keys lead
-- with site_id.
SELECT create_distributed_table('webhook_subscriptions', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('webhook_events', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('webhook_deliveries', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('webhook_attempts', 'site_id', colocate_with => 'pages');
-- The API (migration 00011): a site's tokens, found with the site the host
-- resolved to, and its remembered mutation answers, keyed by site and token.
SELECT create_distributed_table('api_tokens', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('api_idempotency', 'site_id', colocate_with => 'pages');
-- The shop's selling side (migration 00009): settings, statuses, shipping,
-- payment methods, taxes, customers with their sessions and addresses, carts,
-- orders with lines, timeline and payments. A customer session, a cart and an
-- order page are looked up with the site the host resolved to.
SELECT create_distributed_table('shop_settings', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('order_statuses', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('shipping_zones', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('shipping_methods', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('payment_methods', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('tax_classes', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('tax_rates', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('customers', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('customer_sessions', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('customer_addresses', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('carts', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('cart_lines', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('orders', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('order_lines', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('order_events', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('payments', 'site_id', colocate_with => 'pages');
-- Invoices and order e-mail templates (migration 00010): a site's seller
-- details, number sequences, issued invoices and credit notes, and its own
-- wording of order e-mails, all read and written with the site's ID.
SELECT create_distributed_table('invoice_settings', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('invoice_sequences', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('invoices', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('order_mail_templates', 'site_id', colocate_with => 'pages');

-- Domains ordered through "Buy a new domain" (migration 00014): read by the
-- site's admin with its site ID; the operator console's list of open orders
-- scans across sites, which is rare and small.
SELECT create_distributed_table('domain_orders', 'site_id', colocate_with => 'pages');
-- Cookie consent (migration 00015): the owner's bar texts and tagged scripts,
-- read when a page of the site is rendered, and the log of visitors' choices,
-- written on the site's own host and exported by its owner.
SELECT create_distributed_table('consent_settings', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('consent_scripts', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('consent_log', 'site_id', colocate_with => 'pages');
-- The key of a site's consent-log IP hashes (migration 00023), read when a
-- visitor of the site makes a choice.
SELECT create_distributed_table('consent_keys', 'site_id', colocate_with => 'pages');
-- Contact forms (migration 00016): each site's forms and the messages sent
-- with them, read on the site's own host and in its admin's inbox.
SELECT create_distributed_table('forms', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('form_submissions', 'site_id', colocate_with => 'pages');
-- Custom CSS (migration 00021): a Premium site's own stylesheet, read when
-- a page of the site is rendered and at /site.css on its own host.
SELECT create_distributed_table('custom_css', 'site_id', colocate_with => 'pages');
-- Page versions (migration 00017): every publish of a page, read with the
-- page on the site's own admin.
SELECT create_distributed_table('page_versions', 'site_id', colocate_with => 'pages');
-- Redirects of old addresses (migration 00018), read on the site's own host
-- when nothing else answers a path.
SELECT create_distributed_table('redirects', 'site_id', colocate_with => 'pages');
-- Requests for a made-to-measure design and their messages (migration
-- 00018): written and read on the site's own admin by site; the operator
-- console's list across sites is rare and may fan out.
SELECT create_distributed_table('design_requests', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('design_request_messages', 'site_id', colocate_with => 'pages');
-- The blog (migration 00019): each site's posts, their tags and former
-- addresses, read on the site's own host and in its admin.
SELECT create_distributed_table('blog_posts', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('blog_post_tags', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('blog_slugs', 'site_id', colocate_with => 'pages');
-- Menus and design settings (migration 00020): read when a page of the site
-- is drawn and edited in its admin, always with the site's ID.
SELECT create_distributed_table('menus', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('menu_items', 'site_id', colocate_with => 'pages');
SELECT create_distributed_table('design_settings', 'site_id', colocate_with => 'pages');
