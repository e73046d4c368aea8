# shape: wkgsh:PlaceLinks-sameAs
# focus: id:brussels
# path: owl:sameAs
# component: sh:MinCountConstraintComponent
# severity: Warning
# why: a city without its Wikidata link
DELETE { GRAPH ?g { id:brussels ?p ?o } }
WHERE {
  VALUES ?p { owl:sameAs }
  GRAPH ?g { id:brussels ?p ?o }
} ;
