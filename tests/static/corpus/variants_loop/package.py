name = "variants_loop"
version = "2.1.0"

variants = []
for maya in ["2023", "2024"]:
    for py in ["3.9", "3.11"]:
        variants.append(["maya-" + maya, "python-" + py])
