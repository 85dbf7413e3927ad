import pkg.server

client = pkg.server.app.test_client()
print(sorted(r.endpoint for r in pkg.server.app.url_map.iter_rules()))
print(client.get("/").get_data(as_text=True), client.get("/path").get_data(as_text=True))
print(pkg.socket.REGISTERED)
