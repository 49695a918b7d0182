"""The declared privacy policy (what the app promises) and the necessary-PI baselines (what the law allows).

model.py     Policy / AppInfo / DataItem / ThirdParty (what analysis reads)
loader.py    policy YAML -> Policy, every error as file:line:col (load_policy, check_policy)
baseline.py  the 39 categories of the 2021 rule (is_necessary, necessary_types, categories)
schema.py    JSON Schema of the YAML, generated (harness/policies/schema/policy.schema.json)
draft.py     privacy-policy text -> draft YAML (text.py reads files, sentences.py handles negation)
"""
