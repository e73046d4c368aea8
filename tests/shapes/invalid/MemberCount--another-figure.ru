# shape: wkgsh:MemberCount
# constraint: wkgsh:MemberCount-agreesWithList
# focus: id:claim-wco-members-2026
# path: none
# component: sh:SPARQLConstraintComponent
# severity: Warning
# why: a figure that matches neither the Members listed nor Members and the EU
DELETE { GRAPH ?g { id:claim-wco-members-2026 ?p 186 } }
INSERT { GRAPH ?g { id:claim-wco-members-2026 ?p 500 } }
WHERE {
  VALUES ?p { schema:value }
  GRAPH ?g { id:claim-wco-members-2026 ?p 186 }
} ;
