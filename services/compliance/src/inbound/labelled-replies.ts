import { classifyInbound } from './classify.js';

/** One labelled reply: whether the sender must stop texting its author. */
export interface LabelledReply {
  optOut: boolean;
  text: string;
  line: number;
}

/** Recall and false opt-outs of the classifier on a labelled set. */
export interface ClassifierScore {
  optOuts: number;
  benign: number;
  recall: number;
  /** Opt-outs the classifier missed. */
  missed: LabelledReply[];
  /** Benign replies it took for an opt-out. */
  falseOptOuts: LabelledReply[];
}

/** Parses `label<TAB>reply` lines (labels `opt-out` or `benign`; `#` starts a comment). */
export function parseLabelled(text: string): LabelledReply[] {
  return text.split('\n').flatMap((raw, i) => {
    if (raw.trim() === '' || raw.startsWith('#')) return [];
    const tab = raw.indexOf('\t');
    const label = raw.slice(0, tab);
    if (tab < 0 || (label !== 'opt-out' && label !== 'benign'))
      throw new Error(`line ${i + 1}: expected "opt-out<TAB>text" or "benign<TAB>text"`);
    return [{ optOut: label === 'opt-out', text: raw.slice(tab + 1), line: i + 1 }];
  });
}

const isOptOut = (text: string): boolean => {
  const kind = classifyInbound(text).kind;
  return kind === 'OPT_OUT' || kind === 'OPT_OUT_ALL';
};

/** Runs the classifier over a labelled set. */
export function scoreClassifier(replies: readonly LabelledReply[]): ClassifierScore {
  const optOuts = replies.filter((r) => r.optOut);
  const missed = optOuts.filter((r) => !isOptOut(r.text));
  const falseOptOuts = replies.filter((r) => !r.optOut && isOptOut(r.text));
  return {
    optOuts: optOuts.length,
    benign: replies.length - optOuts.length,
    recall: optOuts.length === 0 ? 1 : (optOuts.length - missed.length) / optOuts.length,
    missed,
    falseOptOuts,
  };
}
