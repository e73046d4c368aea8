# shape: wkgsh:Linked
# constraint: wkgsh:Linked-oneThingPerTarget
# focus: id:wco-headquarters
# path: none
# component: sh:SPARQLConstraintComponent
# severity: Violation
# why: the headquarters linked to the WCO's own Wikidata item
INSERT DATA { GRAPH graph:supraverden {
  id:wco-headquarters owl:sameAs wd:Q605326 .
} } ;
