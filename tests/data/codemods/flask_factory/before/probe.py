import shop

app = shop.create_app({"title": "probe"})
print(sorted((r.rule, r.endpoint, sorted(r.methods)) for r in app.url_map.iter_rules()))
print(sorted(app.view_functions), [f.__name__ for f in app.before_request_funcs[None]])
client = app.test_client()
for url in ("/", "/queue", "/queue/add/x", "/files/show/a.mp4", "/admin/ping",
            "/files/sizes?redirect=1"):
    response = client.get(url)
    print(url, response.status_code, response.get_data(as_text=True).strip())
print(shop.AUDIT)
