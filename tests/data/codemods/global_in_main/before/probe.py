import main

player = main.main(["--volume", "3"])
client = main.app.test_client()
print(sorted((r.rule, r.endpoint) for r in main.app.url_map.iter_rules()))
print(client.get("/queue").get_json())
print(client.get("/enqueue/song1").get_json())
print(client.get("/volume/9").get_json(), player.volume, main.k is player)
print(main.package_version() != "unknown", main.restart_helper(), main.is_admin())


class Stand_in:
    queue = ["patched"]


main.k = Stand_in()  # as monkeypatch.setattr(main, "k", ..) does
print(client.get("/queue").get_json())
