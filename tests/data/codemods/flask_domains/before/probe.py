import main

client = main.app.test_client()
print(sorted((r.rule, r.endpoint, sorted(r.methods)) for r in main.app.url_map.iter_rules()))
print([r.rule for r in main.app.url_map.iter_rules()])  # registration order
for path in ["/", "/queue/add/x", "/queue", "/files/a.mp4", "/files/a.mp4/delete", "/files",
             "/admin", "/admin/reset", "/queue/clear", "/"]:
    response = client.get(path)
    print(path, response.status_code, response.headers.get("Location"), response.get_data(True))
