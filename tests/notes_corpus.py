"""A labelled dump for content-note proposals: posts written the way the co-op's writers
write, each with the categories a careful reader would put in its note, and posts full of
everyday idioms ("the deadline is killing me") that need no note at all."""

from __future__ import annotations

# (title, text, the categories it speaks of). Titles are unique.
LABELLED: list[tuple[str, str, set[str]]] = [
    (
        "The winter my brother died",
        "My brother took his own life in the winter of 2015. For a long time I could not say "
        "the word suicide out loud. I still set a place for him at Christmas.",
        {"suicide", "death"},
    ),
    (
        "Scars I no longer hide",
        "I started self-harming at fourteen. Cutting was the only way I knew to make the noise "
        "in my head stop. These days I wear short sleeves in summer and let people look.",
        {"self-harm"},
    ),
    (
        "What the crisis line taught me",
        "The night I called, I had already written the notes. I wanted to die and I had a plan. "
        "The woman who answered did not argue with me; she asked what I could see out of my "
        "window.",
        {"suicide"},
    ),
    (
        "Learning to eat again",
        "Anorexia took most of my twenties. I counted every calorie and weighed myself five "
        "times a day. Recovery has meant learning that food is not a moral question.",
        {"eating-disorders"},
    ),
    (
        "Twenty years without a drink",
        "I was an alcoholic long before anyone used the word. I drank vodka in the car before "
        "work. My sobriety date is the fourth of March, and I still go to meetings.",
        {"substance-use"},
    ),
    (
        "When home was not safe",
        "My stepfather hit my mother most weekends, and later he started on me. I did not know "
        "it was abuse until a school counsellor used the word.",
        {"abuse", "violence"},
    ),
    (
        "Sitting with my father at the end",
        "Dad spent his last three weeks in the hospice on Cedar Street. I held his hand when he "
        "died. The grief came later, in the supermarket, in front of his favourite biscuits.",
        {"death"},
    ),
    (
        "The man on the bus",
        "Last spring a man on the number 9 bus punched me in the face because I asked him to "
        "turn his music down. The bruise faded quickly; the fear of buses did not.",
        {"violence"},
    ),
    (
        "Telling my story at the survivors' group",
        "I was raped by someone I trusted when I was twenty. It took me eleven years to say so "
        "in a room full of people.",
        {"abuse"},
    ),
    (
        "Pills and the quiet years",
        "After the accident I got hooked on painkillers. By the end I was buying them from a "
        "man in a parking lot and taking them with whatever alcohol was in the house.",
        {"substance-use"},
    ),
    (
        "For my friend Marcus",
        "Marcus overdosed in his apartment in 2019. He was thirty-one. Fentanyl was in "
        "everything that year, and he had been clean for eight months.",
        {"substance-use", "death"},
    ),
    (
        "The urge still comes",
        "Some nights the urge to hurt myself is as strong as it ever was. I hold ice cubes and "
        "text my sister instead. It does not always work, and that is part of the story too.",
        {"self-harm"},
    ),
    (
        "Bulimia is not a phase",
        "I binged and purged in secret for nine years. My dentist noticed before my family did.",
        {"eating-disorders"},
    ),
    (
        "He followed me for a year",
        "My ex turned up at my work, my gym and my mother's house. The police called it "
        "harassment until he broke into my car. Being stalked changes how you walk down a "
        "street.",
        {"abuse"},
    ),
    (
        "Grief after a miscarriage",
        "We lost our first baby at eleven weeks. People said we could try again, as if the "
        "baby we had lost were a failed exam.",
        {"death"},
    ),
    (
        "The night of the shooting",
        "I was working the late shift when a man came into the store with a gun. He shot the "
        "clerk next to me. I still cannot walk past that corner.",
        {"violence"},
    ),
    (
        "Thoughts I did not choose",
        "For most of my thirties I had suicidal thoughts every day. Not plans, just a constant "
        "hum that said everyone would be better off without me.",
        {"suicide"},
    ),
    (
        "My mother's drinking",
        "Growing up, I learned to read the level in the wine bottle before I learned to read "
        "books. My mother was drunk most evenings by six.",
        {"substance-use"},
    ),
    (
        "What the divorce papers did not say",
        "For twelve years my husband controlled our money, my phone and who I could see. He "
        "never hit me, but it was domestic abuse all the same.",
        {"abuse"},
    ),
    (
        "Losing Grandma",
        "Grandma passed away in her sleep at ninety-four. I am sad, but mostly I am grateful "
        "for the afternoons we spent doing crosswords together.",
        {"death"},
    ),
    (
        "Relapse is part of recovery",
        "I started cutting again after two clean years. I want to be honest about that here, "
        "because the recovery stories I read never mentioned going backwards.",
        {"self-harm"},
    ),
    (
        "Recovery from binge eating",
        "Binge eating disorder is the eating disorder nobody talks about. I ate until I was "
        "sick, then hated myself, then did it again.",
        {"eating-disorders"},
    ),
    (
        "A childhood in the shadow of war",
        "I was seven when the soldiers came to our village. They burned the houses and killed "
        "my uncle in front of us. We walked for nine days to the border.",
        {"violence", "death"},
    ),
    (
        "The attempt",
        "Two years ago I tried to kill myself. I survived because a neighbour heard something "
        "and broke down the door.",
        {"suicide"},
    ),
    (
        "Cocaine and the corporate years",
        "In my finance job everyone did coke on Fridays. By the end I was using every day "
        "and lying about it to everyone, including myself.",
        {"substance-use"},
    ),
    (
        "What my uncle did",
        "My uncle sexually abused me from the age of eight. I have spent most of my adult life "
        "learning that it was not my fault.",
        {"abuse"},
    ),
    (
        "Saying goodbye to Pepper",
        "We had Pepper put to sleep on Tuesday. She was fifteen and her kidneys were failing. "
        "The house is so quiet, and I keep grieving her in small ways.",
        {"death"},
    ),
    (
        "Starving as control",
        "When everything else was out of my hands, starving myself felt like the one thing I "
        "could control. I got down to a weight that frightened my doctors.",
        {"eating-disorders"},
    ),
    (
        "Dad's last drink",
        "My dad died of liver failure after thirty years of heavy drinking. I loved him and I "
        "am still angry with him.",
        {"death", "substance-use"},
    ),
    (
        "Not suicidal, but not fine",
        "I want to say clearly: I am not suicidal. But I understand now how people get there, "
        "and I think we should talk about that.",
        {"suicide"},
    ),
    (
        "The assault in the parking garage",
        "I was assaulted walking to my car after a late shift. Two men, a broken wrist, and a "
        "detective who never called back.",
        {"violence"},
    ),
    (
        "Burning as punishment",
        "I burned myself with cigarettes when I felt I had done something wrong. The marks are "
        "faint now; I am writing this so someone else knows they are not alone.",
        {"self-harm"},
    ),
]

# Posts with idioms in them, and posts about hard things that name none of the categories:
# none needs a note.
UNLABELLED: list[tuple[str, str]] = [
    (
        "Grant season",
        "The deadline is killing me. We killed it at last year's fair, though, so I am hopeful. "
        "I could murder a coffee right now.",
    ),
    (
        "Budget meeting notes",
        "The board is cutting costs again, which means cutting corners on the newsletter. I am "
        "dead tired of arguing about postage.",
    ),
    (
        "Our new meeting space",
        "The room is bright and the cinnamon buns from the bakery downstairs are to die for. "
        "Margo shot a photo of the whole group on opening day.",
    ),
    (
        "Why I joined the writing group",
        "After years alone with my diagnosis I was starving for conversation. I was dying to "
        "talk to someone who understood fatigue without me explaining it.",
    ),
    (
        "Pacing for beginners",
        "I used to push through and then crash for days. My physio says I was killing myself "
        "trying to keep up. Now I rest before I am tired, which still feels like cheating.",
    ),
    (
        "A very long clinic day",
        "My phone died at noon, the parking meter ate my coins and I was bored to death in the "
        "waiting room. Still, the new specialist took me seriously, so I will take it.",
    ),
    (
        "Book club picks",
        "This month we are reading a memoir that everyone says is a real page-turner. Last "
        "month's novel was a long shot, but half the group loved it.",
    ),
    (
        "Blood tests and patience",
        "Another round of blood tests. My blood pressure is fine; my patience is not. The nurse "
        "said I have veins to die for, which is the nicest thing anyone said all week.",
    ),
    (
        "Spring fair thanks",
        "Thank you to everyone who came to the spring fair. Our booth was dead busy and we sold "
        "out of both books by two o'clock. The raffle was a killer idea.",
    ),
    (
        "How I write when my hands hurt",
        "Dictation software has been a lifesaver. I was scared to death of it at first; now I "
        "would kill for a better microphone.",
    ),
]
