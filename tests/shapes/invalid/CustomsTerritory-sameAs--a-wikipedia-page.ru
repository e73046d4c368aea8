# shape: wkgsh:CustomsTerritory-sameAs
# focus: id:territory-fra
# path: owl:sameAs
# component: sh:QualifiedMinCountConstraintComponent
# severity: Violation
# why: linked to a Wikidata page instead of the item
DELETE { GRAPH ?g { id:territory-fra ?p wd:Q142 } }
INSERT { GRAPH ?g { id:territory-fra ?p <https://www.wikidata.org/wiki/Q142> } }
WHERE {
  VALUES ?p { owl:sameAs }
  GRAPH ?g { id:territory-fra ?p wd:Q142 }
} ;
