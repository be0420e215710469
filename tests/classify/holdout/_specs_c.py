# Batch 1, part C: national bodies, foreign libraries, unknown senders.

# ---------------------------------------------------------------- institution
m.mail(81, ("institution", "digital_resources", "human"), ("Sophie Lacaze", "sophie.lacaze@bnf.fr"),
       "Gallica marque blanche pour les bibliothèques territoriales",
       D("""\
       Bonjour,

       Dans le cadre du programme de coopération numérique de la Bibliothèque nationale de France,
       nous proposons aux bibliothèques territoriales des bibliothèques numériques en marque
       blanche adossées à Gallica.

       Nous aimerions présenter cette offre aux bibliothèques de votre réseau. Pourrions-nous
       convenir d'une réunion pour en discuter, ainsi que de la complémentarité avec vos ressources
       en ligne ?

       Sophie Lacaze
       Département de la coopération – BnF
       Quai François-Mauriac, 75706 Paris Cedex 13
       """), client="outlook", html=True)

m.mail(82, ("institution", "information", "human"), ("Service du livre et de la lecture", "sll.observatoire@culture.gouv.fr"),
       "Enquête annuelle – données d'activité des bibliothèques",
       D("""\
       Madame, Monsieur,

       Le Service du livre et de la lecture (ministère de la Culture, direction générale des médias
       et des industries culturelles) prépare la synthèse nationale des données d'activité des
       bibliothèques.

       Nous vous remercions de bien vouloir nous transmettre, avant le 15 mars, les chiffres de
       votre service pour l'année écoulée, selon le tableau joint.

       L'Observatoire de la lecture publique
       Ministère de la Culture
       """), client="outlook", cte="base64", html=True)

m.mail(83, ("institution", "expertise", "human"), ("Yves Marchal", "yves.marchal@culture.gouv.fr"),
       "DRAC Occitanie – demande d'appui pour un projet de médiathèque",
       D("""\
       Bonjour,

       Conseiller livre et lecture à la DRAC Occitanie, je suis un projet de construction de
       médiathèque à Figeac (2 000 m²) dont le programme me semble fragile sur plusieurs points
       (espaces de travail interne, accessibilité, coût de fonctionnement).

       Serait-il possible que votre service apporte un avis d'expert, voire participe à une visite
       du site avec la maîtrise d'ouvrage ?

       Yves Marchal
       Conseiller pour le livre et la lecture
       Direction régionale des affaires culturelles d'Occitanie
       """), client="outlook", html=True)

m.mail(84, ("institution", "partnership", "human"), ("Centre national du livre", "partenariats@centrenationaldulivre.fr"),
       "Partir en livre 2027 – convention de partenariat",
       D("""\
       Bonjour,

       Le Centre national du livre renouvelle l'opération nationale Partir en livre en 2027 et
       souhaite reconduire le partenariat engagé avec votre établissement.

       Vous trouverez ci-joint le projet de convention de partenariat. Pourriez-vous nous le
       retourner signé avant la fin du mois ?

       Bien cordialement,
       Service des partenariats – CNL
       """), client="outlook", html=True)

m.mail(85, ("institution", "training", "human"), ("Marianne Colin", "marianne.colin@enssib.fr"),
       "Stages des élèves conservateurs – accueil 2027",
       D("""\
       Bonjour,

       Comme chaque année, l'Enssib recherche des lieux de stage pour les élèves conservateurs
       territoriaux (stage de quatre semaines au printemps). Votre service serait-il en mesure
       d'accueillir un ou deux stagiaires en 2027 ?

       Je vous remercie de me faire connaître vos possibilités.

       Marianne Colin
       Responsable des stages – Enssib
       """), client="thunderbird", cte="8bit")

m.mail(86, ("institution", "reference_network", "human"), ("Damien Royer", "damien.royer@univ-lille.fr"),
       "Participation du SCD au réseau de questions-réponses",
       D("""\
       Bonjour,

       Le service commun de la documentation de l'Université de Lille participe depuis plusieurs
       années au réseau de réponses à distance. Nous souhaitons étendre notre participation aux
       questions de droit et de sciences politiques.

       Pourriez-vous ajouter ces domaines à notre profil de répondant et nous indiquer les volumes
       attendus ?

       Damien Royer
       SCD – Université de Lille
       """), client="outlook_eu", html=True)

m.mail(87, ("institution", "training", "human"), ("Médiadix", "mediadix-formation@parisnanterre.fr"),
       "Catalogue de formation continue 2027",
       D("""\
       Bonjour,

       Médiadix, centre régional de formation aux carrières des bibliothèques (Université Paris
       Nanterre), finalise son catalogue 2027. Souhaitez-vous, comme l'an dernier, proposer une ou
       deux journées de formation continue sur la coopération et l'évaluation ?

       Merci de nous adresser vos propositions avant le 20 octobre.

       L'équipe de Médiadix
       """), client="zimbra")

m.mail(88, ("institution", "training", "human"), ("Laurent Pichon", "laurent.pichon@cnfpt.fr"),
       "Itinéraire de formation « Diriger une bibliothèque » – intervenants",
       D("""\
       Bonjour,

       La délégation Grand Est du CNFPT construit un itinéraire de formation pour les agents de
       catégorie A qui prennent la direction d'une bibliothèque. Nous recherchons des intervenants
       pour un module sur les réseaux et la coopération.

       Pourriez-vous m'indiquer une personne-ressource ?

       Laurent Pichon
       Conseiller formation – CNFPT, délégation Grand Est
       """), client="outlook", html=True)

m.mail(89, ("institution", "training", "human"), ("Élise Garnier", "elise.garnier@u-bordeaux-montaigne.fr"),
       "Stage de fin d'études – DUT Information-communication option métiers du livre",
       D("""\
       Bonjour,

       Enseignante à l'IUT Bordeaux Montaigne (Université Bordeaux Montaigne), je suis en charge du
       suivi des stages de nos étudiants de BUT Information-communication, parcours métiers du livre
       et du patrimoine.

       Accepteriez-vous de recevoir une étudiante en stage de dix semaines à partir d'avril ? Son
       projet porte sur la formation des bibliothécaires bénévoles.

       Élise Garnier
       IUT Bordeaux Montaigne
       """), client="zimbra")

m.raw(90, ("institution", "information", "bounce"), """\
Return-Path: <>
Received: from smtp-out.bnf.fr (smtp-out.bnf.fr [192.0.2.90])
	by mx.example.org (Postfix) with ESMTPS id 2C44A1D8E2
	for <cooperation@example.org>; Fri, 09 Oct 2026 10:12:31 +0200
From: postmaster@bnf.fr
To: cooperation@example.org
Date: Fri, 09 Oct 2026 08:12:29 +0000
Subject: =?utf-8?Q?Non_remis_:_Journ=C3=A9e_d=E2=80=99=C3=A9tude_du_12_novembre?=
Message-ID: <a1f4c6e2-0d9e-4a73-b1ef-5c7a20e913bd@PA4P264MB1234.FRAP264.PROD.OUTLOOK.COM>
Content-Language: fr-FR
X-MS-Exchange-Message-Is-Ndr: 
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
	boundary="_000_a1f4c6e20d9e4a73b1ef5c7a20e913bd_"

--_000_a1f4c6e20d9e4a73b1ef5c7a20e913bd_
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: 8bit

<html><body>
<p><b><font color="#000066" size="3" face="Arial">Votre message n’a pas pu être remis à laurence.bouvier@bnf.fr, car la boîte aux lettres du destinataire est pleine.</font></b></p>
<p>Le destinataire doit libérer de l’espace dans sa boîte aux lettres. Réessayez d’envoyer le message ultérieurement.</p>
<p>Informations de diagnostic pour les administrateurs :<br>Serveur de génération : PA4P264MB1234.FRAP264.PROD.OUTLOOK.COM</p>
<p>laurence.bouvier@bnf.fr<br>Remote Server returned '554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException'</p>
</body></html>

--_000_a1f4c6e20d9e4a73b1ef5c7a20e913bd_
Content-Type: message/delivery-status

Reporting-MTA: dns;PA4P264MB1234.FRAP264.PROD.OUTLOOK.COM
Received-From-MTA: dns;mx.example.org

Final-Recipient: rfc822;laurence.bouvier@bnf.fr
Action: failed
Status: 5.2.2
Diagnostic-Code: smtp;554 5.2.2 mailbox full

--_000_a1f4c6e20d9e4a73b1ef5c7a20e913bd_
Content-Type: text/rfc822-headers

From: Service de la coopération <cooperation@example.org>
To: <laurence.bouvier@bnf.fr>
Subject: Journée d’étude du 12 novembre
Date: Fri, 09 Oct 2026 10:12:20 +0200
Message-ID: <coop.0ab1cd2ef345.1791540740@helpdesk.example.org>

--_000_a1f4c6e20d9e4a73b1ef5c7a20e913bd_--
""")

m.mail(91, ("institution", "information", "auto_reply"), ("Agnès Morvan", "agnes.morvan@culture.gouv.fr"),
       "Absent du bureau : Demande de subvention – projet de coopération",
       D("""\
       Bonjour,

       Je suis en mission jusqu'au 12 juin et consulte ma messagerie de façon irrégulière.
       Pour les dossiers relevant du Service du livre et de la lecture, vous pouvez écrire à
       sll.secretariat@culture.gouv.fr.

       Agnès Morvan
       """), client="outlook", html=True, headers=[("X-Auto-Response-Suppress", "All")], return_path="")

m.mail(92, ("institution", "international", "human"), ("Institut français – Pôle livre", "livre@institutfrancais.com"),
       "Mission de bibliothécaires étrangers en France – programme Courants du monde",
       D("""\
       Bonjour,

       L'Institut français accueille à l'automne un groupe de douze bibliothécaires venus
       d'Afrique de l'Ouest et d'Asie du Sud-Est dans le cadre de son programme de mobilité des
       professionnels de la culture.

       Nous aimerions inclure dans leur visite d'étude une rencontre avec votre service sur la
       coopération entre bibliothèques. Seriez-vous disponibles le 6 ou le 7 octobre ?

       Cordialement,
       Pôle livre et bibliothèques – Institut français
       """), client="outlook", html=True)

m.mail(93, ("institution", "event", "human"), ("Florence Aubry", "florence.aubry@culture.gouv.fr"),
       "Journée régionale des bibliothèques du Grand Est – invitation",
       D("""\
       Bonjour,

       La DRAC Grand Est organise le 19 mars à Metz une journée régionale des bibliothèques
       consacrée aux contrats territoire-lecture. Nous souhaiterions que vous y présentiez les
       actions nationales en faveur de la lecture publique lors de la séance d'ouverture.

       Florence Aubry
       Conseillère livre et lecture – DRAC Grand Est
       """), client="outlook", html=True)

m.mail(94, ("institution", "digital_resources", "human"), ("Paul Kieffer", "paul.kieffer@bnu.fr"),
       "Numistral : mutualisation des collections numérisées",
       D("""\
       Bonjour,

       La Bibliothèque nationale et universitaire de Strasbourg souhaite ouvrir davantage
       Numistral, sa bibliothèque numérique, aux collections numérisées des bibliothèques
       municipales alsaciennes et lorraines.

       Avez-vous des recommandations sur les modalités de signalement et d'intégration dans les
       portails de ressources en ligne des réseaux de lecture publique ?

       Paul Kieffer
       Département du numérique – BNU Strasbourg
       """), client="thunderbird", cte="8bit")

m.mail(95, ("institution", "training", "bulk"), ("Enssib – Formation continue", "formation-continue@enssib.fr"),
       "[Enssib] Formation continue : nouvelles sessions au printemps",
       D("""\
       LA LETTRE DE LA FORMATION CONTINUE – ENSSIB

       NOUVELLES SESSIONS AU PRINTEMPS
       - Manager une équipe en bibliothèque (3 jours, Villeurbanne)
       - Évaluer l'action culturelle (2 jours, à distance)
       - Conduire un projet de construction de bibliothèque (4 jours)

       Toutes nos formations sont éligibles au plan de formation des établissements.
       Inscriptions en ligne sur enssib.fr/formation-continue

       Vous recevez cette lettre car vous êtes inscrit sur la liste formation-continue de l'Enssib.
       Se désinscrire : https://www.enssib.fr/lettres/desinscription
       """), client="thunderbird", html=True, return_path="sympa-formation-continue-owner@listes.enssib.fr",
       headers=[("List-Id", "<formation-continue.listes.enssib.fr>"),
                ("List-Unsubscribe", "<mailto:sympa@listes.enssib.fr?subject=unsubscribe%20formation-continue>"),
                ("Precedence", "list")])

m.mail(96, ("institution", "information", "human"), ("Mission IGÉSR", "mission-bibliotheques@igesr.gouv.fr"),
       "Demande de documentation – mission sur la coopération entre bibliothèques",
       D("""\
       Madame, Monsieur,

       L'Inspection générale de l'éducation, du sport et de la recherche conduit une mission sur
       l'organisation de la coopération entre bibliothèques à l'échelle nationale.

       Dans ce cadre, nous vous serions reconnaissants de nous transmettre vos rapports d'activité
       des trois dernières années et l'organigramme de votre service.

       Les inspecteurs généraux en charge de la mission
       """), client="outlook", html=True)

# ---------------------------------------------------------------- international
m.mail(97, ("international", "international", "human"), ("Marc Dewitte", "marc.dewitte@kbr.be"),
       "Visite d'étude d'une délégation belge",
       D("""\
       Bonjour,

       La KBR (Bibliothèque royale de Belgique) organise en avril une visite d'étude à Paris pour
       une délégation de directeurs de bibliothèques publiques de la Fédération Wallonie-Bruxelles.

       Votre service pourrait-il les recevoir une demi-journée pour présenter vos dispositifs de
       coopération et échanger sur nos pratiques respectives ?

       Avec mes meilleures salutations,
       Marc Dewitte
       Relations internationales – KBR
       Mont des Arts, 1000 Bruxelles
       """), client="outlook_eu", html=True)

m.mail(98, ("international", "reference_network", "human"), ("Corinne Favre", "corinne.favre@ville-ge.ch"),
       "InterroGE et votre service de réponses à distance",
       D("""\
       Bonjour,

       Je suis responsable d'InterroGE, le service de questions-réponses des Bibliothèques
       municipales de la Ville de Genève. Nous recevons de plus en plus de questions venant de
       France, et vous sans doute de Suisse.

       Serait-il envisageable de mettre en place des réorientations de questions entre nos deux
       services, voire une charte commune ?

       Meilleures salutations,
       Corinne Favre
       Bibliothèques municipales – Ville de Genève
       """), client="outlook_eu", html=True)

m.mail(99, ("international", "training", "human"), ("Geneviève Tremblay", "genevieve.tremblay@banq.qc.ca"),
       "Webinaires partagés sur la médiation numérique",
       D("""\
       Bonjour,

       Bibliothèque et Archives nationales du Québec propose chaque printemps une série de
       webinaires de formation pour le personnel des bibliothèques publiques québécoises.

       Serait-il intéressant pour vous d'ouvrir réciproquement vos formations en ligne à nos
       employés, et les nôtres aux vôtres ? Nous pensons surtout à la médiation numérique et à
       l'autoformation.

       Au plaisir,
       Geneviève Tremblay
       Direction de la formation – BAnQ, Montréal
       """), client="outlook", html=True)

m.mail(100, ("international", "event", "human"), ("Jennifer Walsh", "jwalsh@biblioottawalibrary.ca"),
       "Invitation to speak at the OLA Super Conference",
       D("""\
       Dear colleagues,

       On behalf of the Ontario Library Association, I would like to invite a member of your team
       to speak at the OLA Super Conference in Toronto next February, in a session on national
       library cooperation models.

       Sessions are 50 minutes long. We can cover travel and accommodation for one speaker.

       Best regards,
       Jennifer Walsh
       Ottawa Public Library / Bibliothèque publique d'Ottawa
       """), client="outlook", html=True, lang="en")

m.mail(101, ("international", "international", "human"), ("Mamadou Diop", "mamadou.diop@ucad.edu.sn"),
       "Demande de coopération – bibliothèque universitaire de Dakar",
       D("""\
       Monsieur le Directeur,

       La Bibliothèque universitaire de l'Université Cheikh Anta Diop de Dakar souhaite développer
       une coopération avec des bibliothèques françaises : échanges de personnel, accueil de
       stagiaires sénégalais, dons d'ouvrages.

       Nous sollicitons votre appui pour identifier des partenaires en France et pour la
       préparation d'un programme d'échange.

       Veuillez agréer, Monsieur le Directeur, l'expression de ma haute considération.

       Mamadou Diop
       Directeur adjoint de la Bibliothèque centrale – UCAD, Dakar (Sénégal)
       """), client="gmail", html=True)

m.mail(102, ("international", "event", "human"), ("Katrin Hoffmann", "katrin.hoffmann@stuttgart.de"),
       "Speaker invitation – Library Futures Forum, Stuttgart",
       D("""\
       Dear Sir or Madam,

       The Stadtbibliothek Stuttgart is hosting the Library Futures Forum on 23-24 September, an
       international conference on public libraries and democracy.

       We would be delighted if someone from your cooperation department could give a keynote on
       the French national network. Please let me know whether this would be of interest.

       Kind regards,
       Katrin Hoffmann
       Stadtbibliothek Stuttgart
       """), client="outlook_eu", html=True, lang="en")

m.mail(103, ("international", "digital_resources", "human"), ("Lucía Martín", "lucia.martin@bne.es"),
       "E-lending licences: comparing national models",
       D("""\
       Dear colleagues,

       The Biblioteca Nacional de España is preparing a report on e-book lending models in European
       public libraries (licence types, pricing, consortium purchasing).

       Could you share information on how e-books and online press are purchased and licensed for
       French public libraries? A short call would also be very welcome.

       Best wishes,
       Lucía Martín
       Biblioteca Nacional de España, Madrid
       """), client="outlook_eu", html=True, lang="en")

m.mail(104, ("international", "international", "human"), ("Giulia Conti", "giulia.conti@bibliotechediroma.it"),
       "Programma di scambio – échange de bibliothécaires Rome-Paris",
       D("""\
       Bonjour,

       Les Biblioteche di Roma souhaiteraient organiser un échange de bibliothécaires avec des
       bibliothèques françaises en 2027 (deux semaines dans chaque pays, thème : lecture publique
       et quartiers prioritaires).

       Pourriez-vous nous aider à trouver des bibliothèques françaises intéressées ?

       Cordiali saluti,
       Giulia Conti
       Istituzione Biblioteche di Roma
       """), client="outlook_eu", html=True)

m.mail(105, ("international", "reference_network", "human"), ("Daniel Hughes", "daniel.hughes@manchester.gov.uk"),
       "Ask a Librarian: referring French-language enquiries",
       D("""\
       Hello,

       Manchester Libraries runs an online "Ask a Librarian" enquiry service. We regularly receive
       questions in French or about French history that we struggle to answer.

       Would your remote reference service be willing to accept referrals from us, and could we
       reciprocate for English-language questions?

       Many thanks,
       Daniel Hughes
       Information Services, Manchester Central Library
       """), client="outlook_eu", html=True, lang="en")

m.mail(106, ("international", "international", "human"), ("Rachel Kim", "rkim@nypl.org"),
       "Professional exchange – NYPL staff visit to France",
       D("""\
       Dear colleagues,

       The New York Public Library is planning a professional exchange program for branch
       librarians, with a study tour in France next spring.

       Would your department be able to host a meeting with the group and suggest French public
       libraries to visit?

       Best regards,
       Rachel Kim
       Global Partnerships, The New York Public Library
       """), client="outlook", html=True, lang="en")

m.mail(107, ("international", "international", "human"), ("Aino Virtanen", "aino.virtanen@hel.fi"),
       "Study visit from Helsinki City Library (Oodi)",
       D("""\
       Hello,

       A group of 15 librarians from Helsinki City Library, including colleagues from Oodi central
       library, will be in Paris from 12 to 15 May on a study visit funded by Erasmus+.

       Could we visit your service and learn about library cooperation in France?

       Best wishes,
       Aino Virtanen
       Helsinki City Library
       """), client="outlook_eu", html=True, lang="en")

m.mail(108, ("international", "information", "auto_reply"), ("Mette Sørensen", "mette.sorensen@aarhus.dk"),
       "Automatic reply: Invitation – international seminar on library cooperation",
       D("""\
       Thank you for your email.

       I am out of the office until 10 August with limited access to email. For urgent matters,
       please contact dokk1@aarhus.dk.

       Mette Sørensen
       Dokk1 – Aarhus Public Libraries
       """), client="outlook_eu", html=True, headers=AR, lang="en")

m.mail(109, ("international", "information", "auto_reply"), ("Jörg Weber", "joerg.weber@zlb.de"),
       "Abwesenheitsnotiz: Study visit – programme",
       D("""\
       Sehr geehrte Damen und Herren,

       vielen Dank für Ihre Nachricht. Ich bin bis einschließlich 21. August nicht im Büro. Ihre
       E-Mail wird nicht weitergeleitet. In dringenden Fällen wenden Sie sich bitte an
       info@zlb.de.

       Mit freundlichen Grüßen
       Jörg Weber
       Zentral- und Landesbibliothek Berlin
       """), client="outlook_eu", headers=[("X-Auto-Response-Suppress", "All")], lang="de")

m.mail(110, ("international", "training", "human"), ("Fatima Zahra Alaoui", "f.alaoui@bnrm.ma"),
       "Formation du personnel des bibliothèques publiques marocaines",
       D("""\
       Bonjour,

       La Bibliothèque nationale du Royaume du Maroc met en place un plan de formation continue pour
       les bibliothécaires des bibliothèques publiques du Royaume.

       Serait-il possible d'accueillir deux formateurs marocains à vos stages de printemps, ou
       d'organiser une session de formation à distance sur l'accueil des publics ?

       Fatima Zahra Alaoui
       Direction de la formation – BNRM, Rabat
       """), client="outlook", html=True)

# ---------------------------------------------------------------- unknown
m.mail(111, ("unknown", "reference_network", "human"), ("Gérard Poulain", "gerard.poulain@gmail.com"),
       "Question sur l'histoire de mon village",
       D("""\
       Bonjour,

       Je fais des recherches sur l'histoire de mon village, Saint-Pierre-de-Chartreuse, pendant la
       Seconde Guerre mondiale. Où puis-je trouver des témoignages ou des journaux de l'époque ?
       On m'a dit que des bibliothécaires pouvaient répondre aux questions par internet.

       Merci d'avance
       Gérard Poulain
       """), client="gmail", html=True)

m.mail(112, ("unknown", "training", "human"), ("Léa Morin", "lea.morin@free.fr"),
       "Candidature spontanée – stage en bibliothèque",
       D("""\
       Madame, Monsieur,

       Étudiante en licence professionnelle métiers du livre, je recherche un stage de huit
       semaines à partir d'avril. Votre service de coopération m'intéresse particulièrement pour
       découvrir le travail en réseau et l'organisation des formations des bibliothécaires.

       Vous trouverez ci-joint mon CV et ma lettre de motivation.

       Léa Morin
       06 00 00 00 00
       """), client="roundcube", cte="8bit")

m.mail(113, ("unknown", "partnership", "human"), ("Éditions La Boussole", "contact@editions-laboussole.fr"),
       "Proposition de partenariat éditorial",
       D("""\
       Bonjour,

       Maison d'édition indépendante spécialisée dans la littérature jeunesse, nous souhaiterions
       vous proposer un partenariat : tournée d'auteurs dans les bibliothèques de votre réseau,
       mise à disposition de kits d'animation, opération commune lors du Salon du livre.

       Seriez-vous intéressés ? Je peux vous envoyer notre catalogue.

       Bien cordialement,
       Julie Vasseur
       Éditions La Boussole
       """), client="apple")

m.mail(114, ("unknown", "digital_resources", "human"), ("Tom Becker", "tom.becker@readly-partners.com"),
       "Digital magazines for your libraries – free trial",
       D("""\
       Hi there,

       I'm reaching out from our Library Partnerships team. We provide unlimited digital magazine
       and newspaper access for public libraries, with remote access for patrons and usage
       statistics.

       Would you be the right contact to discuss a national licence or a consortium deal for
       French libraries? Happy to set up a free trial.

       Cheers,
       Tom Becker
       Library Partnerships Manager
       """), client="outlook", html=True, lang="en")

m.mail(115, ("unknown", "information", "human"), ("Caroline Dumas", "caroline.dumas@lanouvellerepublique.fr"),
       "Demande d'interview – bibliothèques rurales",
       D("""\
       Bonjour,

       Journaliste à La Nouvelle République, je prépare un article sur l'avenir des bibliothèques
       rurales. Pourrais-je interroger un membre de votre service cette semaine ? Dix minutes au
       téléphone suffiraient.

       Merci,
       Caroline Dumas
       """), client="outlook", html=True)

m.mail(116, ("unknown", "expertise", "human"), ("Atelier Vernier Architectes", "agence@vernier-architectes.fr"),
       "Programmation de médiathèques : retours d'expérience",
       D("""\
       Bonjour,

       Notre agence d'architecture répond à un concours pour une médiathèque de 1 500 m² dans le
       Jura. Pourriez-vous nous conseiller des ressources sur la programmation des bibliothèques
       (ratios de surfaces, normes, exemples de projets récents) ? Un échange avec un de vos
       experts nous serait précieux.

       Cordialement,
       Thomas Vernier, architecte DPLG
       """), client="apple")

m.mail(117, ("unknown", "event", "human"), ("Hélène Saulnier", "helene.saulnier@laposte.net"),
       "Proposition de conférence pour vos rencontres",
       D("""\
       Bonjour,

       Autrice de romans policiers régionaux et ancienne enseignante, je donne des conférences sur
       l'écriture et la lecture à voix haute. Je serais heureuse d'intervenir lors de vos rencontres
       ou de votre prochain salon, si le sujet vous intéresse.

       Bien à vous,
       Hélène Saulnier
       """), client="roundcube", cte="8bit")

m.raw(118, ("unknown", "information", "bounce"), """\
Return-Path: <>
Received: from mail-sor-f69.google.com (mail-sor-f69.google.com [209.85.220.69])
	by mx.example.org (Postfix) with ESMTPS id 0B7C55E1A2
	for <cooperation@example.org>; Mon, 07 Sep 2026 18:30:14 +0200
From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
To: cooperation@example.org
Auto-Submitted: auto-replied
Subject: Delivery Status Notification (Failure)
Date: Mon, 07 Sep 2026 09:30:12 -0700 (PDT)
Message-ID: <5f9c3e2a.170a0220.3ab1e.9d41.GMR@mx.google.com>
MIME-Version: 1.0
Content-Type: multipart/report; boundary="0000000000007f1a6205f2d0a3c1"; report-type=delivery-status

--0000000000007f1a6205f2d0a3c1
Content-Type: text/plain; charset="UTF-8"

** Address not found **

Your message wasn't delivered to benevoles.biblio.vendee@gmail.com because the address couldn't be found, or is unable to receive mail.

Learn more here: https://support.google.com/mail/?p=NoSuchUser

The response was:

550 5.1.1 The email account that you tried to reach does not exist.

--0000000000007f1a6205f2d0a3c1
Content-Type: message/delivery-status

Reporting-MTA: dns; googlemail.com
Received-From-MTA: dns; mx.example.org
Arrival-Date: Mon, 07 Sep 2026 09:30:11 -0700 (PDT)

Final-Recipient: rfc822; benevoles.biblio.vendee@gmail.com
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550-5.1.1 The email account that you tried to reach does not exist.

--0000000000007f1a6205f2d0a3c1
Content-Type: message/rfc822

From: Service de la coopération <cooperation@example.org>
To: benevoles.biblio.vendee@gmail.com
Subject: Votre demande de formation des bénévoles
Date: Mon, 07 Sep 2026 18:30:05 +0200
Message-ID: <coop.f0e1d2c3b4a5.1788798605@helpdesk.example.org>

Bonjour,

Suite à votre demande, voici les dates des prochaines formations pour les bénévoles.

--0000000000007f1a6205f2d0a3c1--
""", lang="en")

m.mail(119, ("unknown", "digital_resources", "bulk"), ("Bibliovox by Cyberlibris", "news@cyberlibris.com"),
       "Nouveautés de la rentrée : 2 000 livres numériques ajoutés",
       D("""\
       BIBLIOVOX – La lettre des bibliothèques

       2 000 NOUVEAUX LIVRES NUMÉRIQUES
       Notre bibliothèque numérique s'enrichit de 2 000 titres en accès illimité pour vos usagers :
       guides pratiques, scolaire, savoirs.

       NOUVEAU : STATISTIQUES EN TEMPS RÉEL
       Suivez l'usage de votre abonnement depuis votre espace administrateur.

       Demander une démonstration gratuite.

       Se désinscrire de cette liste.
       """), client="thunderbird", html=True, return_path="bounce-2231@em.cyberlibris.com",
       headers=[("List-Unsubscribe", "<https://em.cyberlibris.com/unsub/2231>, <mailto:unsub-2231@em.cyberlibris.com>"),
                ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"), ("X-Mailer", "Sendinblue"),
                ("X-Mailin-Campaign", "2231")])

m.mail(120, ("unknown", "information", "human"), ("Monique Leroy", "monique.leroy@orange.fr"),
       "Renseignements",
       D("""\
       Bonjour,

       Je suis à la retraite et j'aimerais donner des livres en bon état (environ 300 romans et
       documentaires) à une bibliothèque. À qui dois-je m'adresser ? Pouvez-vous me renseigner ?

       Cordialement
       Monique Leroy
       """), client="orange")
